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

class ReportTest {

    private static final long MS = 1_000_000;

    // Second 1 is idle on purpose: the timeline must keep it.
    private final Report report = Report.of(List.of(
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
                "second,requests,p99_ms", "0,2,3.000", "1,0,0.000", "2,1,2.000");
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
        Report empty = Report.of(List.of(), Duration.ZERO);
        empty.writeCsv(dir);
        assertThat(Files.readAllLines(dir.resolve("summary.csv")))
                .containsExactly("requests,elapsed_s,throughput_rps,p50_ms,p90_ms,p99_ms,max_ms",
                        "0,0.000,0.0,0.000,0.000,0.000,0.000");
        assertThat(Files.readAllLines(dir.resolve("timeline.csv"))).containsExactly("second,requests,p99_ms");
    }
}
