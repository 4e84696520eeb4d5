package com.seckill.loadtest;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** What a run measured: overall figures, counts by outcome, and a per-second series to plot. */
final class Report {

    private final long requests;
    private final Duration elapsed;
    private final long p50;
    private final long p90;
    private final long p99;
    private final long max;
    private final SortedMap<Integer, Long> byStatus;
    private final SortedMap<String, Long> byCode;
    private final List<Second> timeline;

    /** One second of the run, counted by when requests started; p99 in nanos, 0 when the second was idle. */
    record Second(long second, long requests, long p99Nanos) {
    }

    private Report(List<Sample> samples, Duration elapsed) {
        this.requests = samples.size();
        this.elapsed = elapsed;
        long[] latencies = samples.stream().mapToLong(Sample::latencyNanos).sorted().toArray();
        boolean any = latencies.length > 0;
        this.p50 = any ? Percentiles.of(latencies, 50) : 0;
        this.p90 = any ? Percentiles.of(latencies, 90) : 0;
        this.p99 = any ? Percentiles.of(latencies, 99) : 0;
        this.max = any ? latencies[latencies.length - 1] : 0;
        this.byStatus = samples.stream().collect(
                Collectors.groupingBy(Sample::status, TreeMap::new, Collectors.counting()));
        this.byCode = samples.stream().filter(s -> s.problemCode() != null).collect(
                Collectors.groupingBy(Sample::problemCode, TreeMap::new, Collectors.counting()));
        this.timeline = timeline(samples);
    }

    static Report of(List<Sample> samples, Duration elapsed) {
        return new Report(samples, elapsed);
    }

    long count(int status) {
        return byStatus.getOrDefault(status, 0L);
    }

    Map<String, Long> byCode() {
        return byCode;
    }

    double throughput() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds > 0 ? requests / seconds : 0;
    }

    void print(PrintStream out) {
        out.printf(Locale.ROOT, "requests   %d in %.3f s, %.1f req/s%n", requests, elapsed.toNanos() / 1e9, throughput());
        out.printf(Locale.ROOT, "latency ms p50 %s  p90 %s  p99 %s  max %s%n", ms(p50), ms(p90), ms(p99), ms(max));
        out.println("status     count");
        byStatus.forEach((status, n) -> out.printf(Locale.ROOT, "%-10s %d%n", status == 0 ? "no-answer" : status, n));
        if (!byCode.isEmpty()) {
            out.println("code                   count");
            byCode.forEach((code, n) -> out.printf(Locale.ROOT, "%-22s %d%n", code, n));
        }
    }

    /** Writes summary.csv, status.csv, codes.csv and timeline.csv; returns the files written. */
    List<Path> writeCsv(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        files.add(write(dir.resolve("summary.csv"), List.of(
                "requests,elapsed_s,throughput_rps,p50_ms,p90_ms,p99_ms,max_ms",
                String.format(Locale.ROOT, "%d,%.3f,%.1f,%s,%s,%s,%s", requests, elapsed.toNanos() / 1e9,
                        throughput(), ms(p50), ms(p90), ms(p99), ms(max)))));
        files.add(write(dir.resolve("status.csv"), rows("status,count", byStatus)));
        files.add(write(dir.resolve("codes.csv"), rows("code,count", byCode)));
        List<String> series = new ArrayList<>();
        series.add("second,requests,p99_ms");
        timeline.forEach(s -> series.add(s.second() + "," + s.requests() + "," + ms(s.p99Nanos())));
        files.add(write(dir.resolve("timeline.csv"), series));
        return files;
    }

    private static List<String> rows(String header, Map<?, Long> counts) {
        List<String> lines = new ArrayList<>();
        lines.add(header);
        counts.forEach((key, n) -> lines.add(key + "," + n));
        return lines;
    }

    private static Path write(Path file, List<String> lines) throws IOException {
        return Files.write(file, lines);
    }

    private static List<Second> timeline(List<Sample> samples) {
        if (samples.isEmpty()) {
            return List.of();
        }
        long first = samples.stream().mapToLong(Sample::startEpochMillis).min().orElseThrow();
        long last = samples.stream().mapToLong(Sample::startEpochMillis).max().orElseThrow();
        int seconds = (int) ((last - first) / 1000) + 1;
        long[][] buckets = new long[seconds][];
        int[] sizes = new int[seconds];
        for (Sample s : samples) {
            sizes[(int) ((s.startEpochMillis() - first) / 1000)]++;
        }
        for (int i = 0; i < seconds; i++) {
            buckets[i] = new long[sizes[i]];
            sizes[i] = 0;
        }
        for (Sample s : samples) {
            int i = (int) ((s.startEpochMillis() - first) / 1000);
            buckets[i][sizes[i]++] = s.latencyNanos();
        }
        List<Second> series = new ArrayList<>(seconds);
        for (int i = 0; i < seconds; i++) {
            long[] bucket = buckets[i];
            Arrays.sort(bucket);
            // Idle seconds stay in the series so a plot's x axis is real time, not request order.
            series.add(new Second(i, bucket.length, bucket.length == 0 ? 0 : Percentiles.of(bucket, 99)));
        }
        return series;
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }
}
