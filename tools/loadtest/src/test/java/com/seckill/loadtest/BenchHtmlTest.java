package com.seckill.loadtest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class BenchHtmlTest {

    private static final long MS = 1_000_000;

    // Second 1 is idle on purpose: throughput must drop to zero there and the latency lines must break.
    private static final Measurements FLASH_SALE = Measurements.of(List.of(
            new Sample(10_000, 1 * MS, 202, null),
            new Sample(10_500, 3 * MS, 409, "SOLD_OUT"),
            new Sample(12_100, 2 * MS, 202, null),
            new Sample(12_200, 10 * MS, 503, "UNAVAILABLE"),
            new Sample(12_300, 4 * MS, 0, "HttpTimeoutException")), Duration.ofSeconds(2));

    @Test
    void summaryRowShowsThePhasesFigures(@TempDir Path dir) throws Exception {
        String html = write(dir, "bench", List.of(), List.of(
                new BenchHtml.Phase("gateway ceiling, plain", Measurements.of(List.of(), Duration.ZERO)),
                new BenchHtml.Phase("flash-sale (suite)", FLASH_SALE)));

        // Latencies 1,2,3,4,10 ms: nearest-rank p50 is the 3rd, p90 and p99 the 5th.
        assertThat(row(html, "flash-sale (suite)")).containsExactly(
                "flash-sale (suite)", "5", "2.000", "2.5", "3.000", "10.000", "10.000", "10.000", "2", "1", "2");
        assertThat(row(html, "gateway ceiling, plain")).containsExactly(
                "gateway ceiling, plain", "0", "0.000", "0.0", "0.000", "0.000", "0.000", "0.000", "0", "0", "0");
        assertThat(html).contains("<h2 id=\"phase-2\">flash-sale (suite)</h2>")
                .contains("no answer × 1, 202 × 2, 409 × 1, 503 × 1")
                .contains("HttpTimeoutException × 1, SOLD_OUT × 1, UNAVAILABLE × 1");
    }

    @Test
    void eachPhaseGetsAThroughputAndALatencyChart(@TempDir Path dir) throws Exception {
        String html = write(dir, "bench", List.of(), List.of(
                new BenchHtml.Phase("flash-sale (suite)", FLASH_SALE),
                new BenchHtml.Phase("flash-sale (baseline)", FLASH_SALE),
                new BenchHtml.Phase("browse", FLASH_SALE)));

        assertThat(occurrences(html, "<svg")).isEqualTo(6);
        assertThat(html).doesNotContain("<script").doesNotContain("<link").doesNotContain("src=").doesNotContain("href=\"http")
                .contains("<h2 id=\"phase-3\">browse</h2>");
        assertThat(occurrences(html, "<title>throughput</title>")).isEqualTo(3);
        assertThat(occurrences(html, "<title>latency</title>")).isEqualTo(3);
    }

    @Test
    void idleSecondIsZeroThroughputAndAGapInLatency(@TempDir Path dir) throws Exception {
        String html = write(dir, "bench", List.of(), List.of(new BenchHtml.Phase("flash-sale", FLASH_SALE)));

        // Paths in order: requests, 2xx, p50, p99. One move per unbroken stretch of line.
        List<String> paths = matches(html, "<path [^>]* d=\"([^\"]*)\"");
        assertThat(paths).hasSize(4);
        assertThat(paths.subList(0, 2)).allSatisfy(d -> {
            assertThat(occurrences(d, "M")).isEqualTo(1);
            assertThat(occurrences(d, "L")).isEqualTo(2);
        });
        assertThat(paths.subList(2, 4)).allSatisfy(d -> {
            assertThat(occurrences(d, "M")).isEqualTo(2);
            assertThat(occurrences(d, "L")).isZero();
        });
    }

    @Test
    void yAxisEndsAtARoundNumberAboveTheHighestPoint(@TempDir Path dir) throws Exception {
        String html = write(dir, "bench", List.of(), List.of(new BenchHtml.Phase("flash-sale", FLASH_SALE)));
        String[] charts = html.split("<svg");

        // Busiest second has 3 requests; highest p99 is 10 ms.
        assertThat(yLabels(charts[1])).containsExactly("0", "1", "2", "3");
        assertThat(yLabels(charts[2])).containsExactly("0", "5", "10");
    }

    @Test
    void aPhaseWithoutSamplesSaysNoData(@TempDir Path dir) throws Exception {
        String html = write(dir, "bench", List.of(), List.of(
                new BenchHtml.Phase("sold-out", Measurements.of(List.of(), Duration.ZERO))));

        assertThat(occurrences(html, "<svg")).isEqualTo(2);
        assertThat(occurrences(html, ">no data</text>")).isEqualTo(2);
        assertThat(html).doesNotContain("<path").doesNotContain("NaN");
    }

    @Test
    void tablesOfFindingsComeBeforeThePhasesEscapedWithTheirNotes(@TempDir Path dir) throws Exception {
        BenchHtml.Table goals = new BenchHtml.Table("Goals", List.of("goal", "measured", "target", "met"),
                List.of(List.of("burst p99, suite / rival", "0.10 (0.05–0.15, 100 %)", "≤ 0.33", "yes"),
                        List.of("a <b> goal", "1", "≥ 2", "no")), "median of the rounds' ratios");
        BenchHtml.Table empty = new BenchHtml.Table("Suite against rival", List.of("figure"), List.of(), "");
        String html = Files.readString(BenchHtml.write(dir.resolve("report.html"), "bench", List.of(),
                List.of(goals, empty), List.of(new BenchHtml.Phase("flash-sale", FLASH_SALE))));

        assertThat(html)
                .contains("<h2>Goals</h2>\n<table>\n<tr><th>goal</th><th>measured</th><th>target</th><th>met</th></tr>\n"
                        + "<tr><td>burst p99, suite / rival</td><td>0.10 (0.05–0.15, 100 %)</td><td>≤ 0.33</td><td>yes</td></tr>\n"
                        + "<tr><td>a &lt;b&gt; goal</td><td>1</td><td>≥ 2</td><td>no</td></tr>\n</table>\n"
                        + "<p>median of the rounds&#39; ratios</p>\n")
                .contains("<h2>Suite against rival</h2>\n<table>\n<tr><th>figure</th></tr>\n</table>\n<h2>Summary</h2>");
        assertThat(html.indexOf("<h2>Goals</h2>")).isLessThan(html.indexOf("<h2>Suite against rival</h2>"));
        assertThat(html.indexOf("<h2>Suite against rival</h2>")).isLessThan(html.indexOf("<h2>Summary</h2>"));
    }

    @Test
    void allTextIsEscaped(@TempDir Path dir) throws Exception {
        String nasty = "<b>\"x\" & y</b>";
        String html = write(dir, "run " + nasty, List.of("cmd " + nasty, "host " + nasty),
                List.of(new BenchHtml.Phase("phase " + nasty, FLASH_SALE)));

        String escaped = "&lt;b&gt;&quot;x&quot; &amp; y&lt;/b&gt;";
        assertThat(html).doesNotContain("<b>").doesNotContain("\"x\"")
                .contains("<title>run " + escaped + "</title>")
                .contains("<pre>cmd " + escaped + "\nhost " + escaped + "</pre>")
                .contains(">phase " + escaped + "</a>")
                .contains(">phase " + escaped + "</h2>");
    }

    @Test
    void createsMissingDirectoriesAndReturnsTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bench/report.html");
        assertThat(BenchHtml.write(file, "bench", List.of(), List.of())).isEqualTo(file);
        assertThat(Files.readString(file)).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
    }

    private static String write(Path dir, String title, List<String> header, List<BenchHtml.Phase> phases)
            throws Exception {
        return Files.readString(BenchHtml.write(dir.resolve("report.html"), title, header, phases));
    }

    /** The summary table's cells, tags stripped, for the row naming {@code phase}. */
    private static List<String> row(String html, String phase) {
        String row = matches(html, "(<tr>.*</tr>)").stream().filter(r -> r.contains(">" + phase + "<"))
                .findFirst().orElseThrow();
        return matches(row, "<td[^>]*>(.*?)</td>").stream().map(cell -> cell.replaceAll("<[^>]+>", "")).toList();
    }

    private static List<String> yLabels(String chart) {
        return matches(chart, "text-anchor=\"end\">([0-9.]+)</text>");
    }

    private static List<String> matches(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        List<String> found = new ArrayList<>();
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static int occurrences(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }
}
