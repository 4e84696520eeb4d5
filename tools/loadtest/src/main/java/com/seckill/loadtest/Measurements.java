package com.seckill.loadtest;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** What a run measured: overall figures, counts by outcome, and a per-second series to plot. */
final class Measurements {

    private final long requests;
    private final Duration elapsed;
    private final long p50;
    private final long p90;
    private final long p99;
    private final long max;
    private final long errors;
    private final SortedMap<Integer, Long> byStatus;
    private final SortedMap<String, Long> byCode;
    private final List<Second> timeline;

    /**
     * One second of the run, counted by when requests started. {@code ok} counts 2xx, {@code errors} no answer
     * or 5xx; percentiles in nanos, 0 when the second was idle (check {@code requests} before plotting them).
     */
    record Second(long second, long requests, long ok, long errors, long p50Nanos, long p99Nanos) {
    }

    private Measurements(List<Sample> samples, Duration elapsed) {
        this.requests = samples.size();
        this.elapsed = elapsed;
        long[] latencies = samples.stream().mapToLong(Sample::latencyNanos).sorted().toArray();
        boolean any = latencies.length > 0;
        this.p50 = any ? Percentiles.of(latencies, 50) : 0;
        this.p90 = any ? Percentiles.of(latencies, 90) : 0;
        this.p99 = any ? Percentiles.of(latencies, 99) : 0;
        this.max = any ? latencies[latencies.length - 1] : 0;
        this.errors = samples.stream().filter(Sample::isError).count();
        this.byStatus = countBy(samples.stream(), Sample::status);
        this.byCode = countBy(samples.stream().filter(s -> s.problemCode() != null), Sample::problemCode);
        this.timeline = timeline(samples);
    }

    static Measurements of(List<Sample> samples, Duration elapsed) {
        return new Measurements(samples, elapsed);
    }

    long requests() {
        return requests;
    }

    Duration elapsed() {
        return elapsed;
    }

    long p50() {
        return p50;
    }

    long p90() {
        return p90;
    }

    long p99() {
        return p99;
    }

    long max() {
        return max;
    }

    /** Requests with no answer (status 0) or a 5xx. */
    long errors() {
        return errors;
    }

    long count(int status) {
        return byStatus.getOrDefault(status, 0L);
    }

    /** Status 0 means no HTTP answer. */
    SortedMap<Integer, Long> byStatus() {
        return byStatus;
    }

    SortedMap<String, Long> byCode() {
        return byCode;
    }

    List<Second> timeline() {
        return timeline;
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
        // New columns go after the first three so readers of the old layout keep working.
        series.add("second,requests,p99_ms,p50_ms,ok,errors");
        timeline.forEach(s -> series.add(s.second() + "," + s.requests() + "," + ms(s.p99Nanos()) + ","
                + ms(s.p50Nanos()) + "," + s.ok() + "," + s.errors()));
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

    private static <K> SortedMap<K, Long> countBy(Stream<Sample> samples, Function<Sample, K> key) {
        TreeMap<K, Long> counts = samples.collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
        return Collections.unmodifiableSortedMap(counts);
    }

    private static List<Second> timeline(List<Sample> samples) {
        if (samples.isEmpty()) {
            return List.of();
        }
        long first = samples.stream().mapToLong(Sample::startEpochMillis).min().orElseThrow();
        long last = samples.stream().mapToLong(Sample::startEpochMillis).max().orElseThrow();
        int seconds = (int) ((last - first) / 1000) + 1;
        int[] sizes = new int[seconds];
        long[] ok = new long[seconds];
        long[] errors = new long[seconds];
        for (Sample s : samples) {
            int i = (int) ((s.startEpochMillis() - first) / 1000);
            sizes[i]++;
            if (s.status() >= 200 && s.status() < 300) {
                ok[i]++;
            }
            if (s.isError()) {
                errors[i]++;
            }
        }
        // One exact-size array per second: percentiles need the second's latencies sorted.
        long[][] buckets = new long[seconds][];
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
            boolean idle = bucket.length == 0;
            // Idle seconds stay in the series so a plot's x axis is real time, not request order.
            series.add(new Second(i, bucket.length, ok[i], errors[i],
                    idle ? 0 : Percentiles.of(bucket, 50), idle ? 0 : Percentiles.of(bucket, 99)));
        }
        return List.copyOf(series);
    }

    static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }
}
