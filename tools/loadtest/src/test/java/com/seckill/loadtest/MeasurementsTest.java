package com.seckill.loadtest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class MeasurementsTest {

    private static final long MS = 1_000_000;

    // Second 1 is idle on purpose: the timeline must keep it.
    private final Measurements report = Measurements.of(List.of(
            new Sample(10_000, 1 * MS, 202, null),
            new Sample(10_500, 3 * MS, 409, "SOLD_OUT"),
            new Sample(12_100, 2 * MS, 202, null)), Duration.ofSeconds(2));

    @Test
    void writesOneCsvPerViewWithStableColumns(@TempDir Path dir) throws Exception {
        assertThat(report.writeCsv(dir)).extracting(p -> p.getFileName().toString())
                .containsExactly("summary.csv", "status.csv", "codes.csv", "timeline.csv");

        assertThat(Files.readAllLines(dir.resolve("summary.csv"))).containsExactly(
                "requests,elapsed_s,throughput_rps,p50_ms,p90_ms,p99_ms,max_ms",
                "3,2.000,1.5,2.000,3.000,3.000,3.000");
        assertThat(Files.readAllLines(dir.resolve("status.csv"))).containsExactly("status,count", "202,2", "409,1");
        assertThat(Files.readAllLines(dir.resolve("codes.csv"))).containsExactly("code,count", "SOLD_OUT,1");
        assertThat(Files.readAllLines(dir.resolve("timeline.csv"))).containsExactly(
                "second,requests,p99_ms,p50_ms,ok,errors",
                "0,2,3.000,1.000,1,0", "1,0,0.000,0.000,0,0", "2,1,2.000,2.000,1,0");
    }

    @Test
    void timelineCountsOkAndErrorsPerSecondAndKeepsPercentilesApart() {
        Measurements mixed = Measurements.of(List.of(
                new Sample(5_000, 1 * MS, 200, null),
                new Sample(5_100, 2 * MS, 503, "UNAVAILABLE"),
                new Sample(5_200, 9 * MS, 0, "HttpTimeoutException"),
                new Sample(5_300, 4 * MS, 409, "SOLD_OUT"),
                new Sample(6_999, 5 * MS, 201, null)), Duration.ofSeconds(2));

        // Second 0: latencies 1,2,4,9 ms; nearest-rank p50 is the 2nd value, p99 the 4th.
        assertThat(mixed.timeline()).containsExactly(
                new Measurements.Second(0, 4, 1, 2, 2 * MS, 9 * MS),
                new Measurements.Second(1, 1, 1, 0, 5 * MS, 5 * MS));
    }

    @Test
    void accessorsExposeTheOverallFigures() {
        assertThat(report.requests()).isEqualTo(3);
        assertThat(report.elapsed()).isEqualTo(Duration.ofSeconds(2));
        assertThat(List.of(report.p50(), report.p90(), report.p99(), report.max()))
                .containsExactly(2 * MS, 3 * MS, 3 * MS, 3 * MS);
        assertThat(report.byStatus()).containsExactly(entry(202, 2L), entry(409, 1L));
        assertThat(report.byCode()).containsExactly(entry("SOLD_OUT", 1L));
        assertThat(report.errors()).isZero();
        assertThat(Measurements.of(List.of(new Sample(0, MS, 0, "ConnectException"), new Sample(0, MS, 500, null),
                new Sample(0, MS, 499, null)), Duration.ofSeconds(1)).errors()).isEqualTo(2);
    }

    @Test
    void textTableShowsTheSameFigures() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        report.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .contains("3 in 2.000 s, 1.5 req/s")
                .contains("p50 2.000  p90 3.000  p99 3.000  max 3.000")
                .containsPattern("202 +2")
                .containsPattern("SOLD_OUT +1");
    }

    @Test
    void anEmptyRunReportsZerosRatherThanFailing(@TempDir Path dir) throws Exception {
        Measurements empty = Measurements.of(List.of(), Duration.ZERO);
        empty.writeCsv(dir);
        assertThat(Files.readAllLines(dir.resolve("summary.csv")))
                .containsExactly("requests,elapsed_s,throughput_rps,p50_ms,p90_ms,p99_ms,max_ms",
                        "0,0.000,0.0,0.000,0.000,0.000,0.000");
        assertThat(Files.readAllLines(dir.resolve("timeline.csv"))).containsExactly("second,requests,p99_ms,p50_ms,ok,errors");
    }
}
