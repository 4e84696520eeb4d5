package com.seckill.loadtest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A whole benchmark run in one HTML file: a summary table of its phases and, per phase, throughput and
 * latency over time. No script and no external resources, so it can be mailed or archived with CI
 * artefacts and opened offline; the small style block only adds borders.
 */
final class BenchHtml {

    /** One measured part of a run, e.g. "flash-sale (suite)" or "browse". */
    record Phase(String name, Measurements report) {
    }

    /**
     * A table of findings shown above the phases (e.g. the bench's goals), cells as text.
     *
     * @param note free text under the table, e.g. how its figures were computed; empty for none
     */
    record Table(String title, List<String> header, List<List<String>> rows, String note) {
    }

    private BenchHtml() {
    }

    /** @param headerLines free text shown under the title, e.g. machine and command line */
    static Path write(Path file, String title, List<String> headerLines, List<Phase> phases) throws IOException {
        return write(file, title, headerLines, List.of(), phases);
    }

    /** @param tables shown after the header lines, before the phases' summary */
    static Path write(Path file, String title, List<String> headerLines, List<Table> tables, List<Phase> phases)
            throws IOException {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>").append(Svg.escape(title)).append("</title>\n")
                .append("<style>body{font-family:sans-serif;margin:1.5em}"
                        + "table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.2em .5em}"
                        + "td.n{text-align:right}svg{display:block;margin:.5em 0}</style>\n")
                .append("</head>\n<body>\n")
                .append("<h1>").append(Svg.escape(title)).append("</h1>\n");
        if (!headerLines.isEmpty()) {
            html.append("<pre>").append(headerLines.stream().map(Svg::escape).collect(Collectors.joining("\n")))
                    .append("</pre>\n");
        }
        tables.forEach(table -> table(html, table));
        summary(html, phases);
        for (int i = 0; i < phases.size(); i++) {
            phase(html, i + 1, phases.get(i));
        }
        html.append("</body>\n</html>\n");
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        return Files.writeString(file, html, StandardCharsets.UTF_8);
    }

    private static void table(StringBuilder html, Table table) {
        html.append("<h2>").append(Svg.escape(table.title())).append("</h2>\n<table>\n<tr>");
        table.header().forEach(h -> html.append("<th>").append(Svg.escape(h)).append("</th>"));
        html.append("</tr>\n");
        for (List<String> row : table.rows()) {
            html.append("<tr>");
            row.forEach(cell -> html.append("<td>").append(Svg.escape(cell)).append("</td>"));
            html.append("</tr>\n");
        }
        html.append("</table>\n");
        if (!table.note().isEmpty()) {
            html.append("<p>").append(Svg.escape(table.note())).append("</p>\n");
        }
    }

    private static void summary(StringBuilder html, List<Phase> phases) {
        html.append("<h2>Summary</h2>\n<table>\n<tr><th>phase</th><th>requests</th><th>seconds</th><th>req/s</th>"
                + "<th>p50 ms</th><th>p90 ms</th><th>p99 ms</th><th>max ms</th>"
                + "<th>2xx</th><th>4xx</th><th>errors</th></tr>\n");
        for (int i = 0; i < phases.size(); i++) {
            Measurements r = phases.get(i).report();
            html.append("<tr><td><a href=\"#phase-").append(i + 1).append("\">")
                    .append(Svg.escape(phases.get(i).name())).append("</a></td>");
            for (Object cell : List.of(r.requests(), String.format(Locale.ROOT, "%.3f", r.elapsed().toNanos() / 1e9),
                    String.format(Locale.ROOT, "%.1f", r.throughput()), Measurements.ms(r.p50()), Measurements.ms(r.p90()),
                    Measurements.ms(r.p99()), Measurements.ms(r.max()), between(r, 200, 299), between(r, 400, 499), r.errors())) {
                html.append("<td class=\"n\">").append(cell).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n<p>Percentiles are nearest-rank over every request of the phase."
                + " Errors are requests with no answer or a 5xx. Charts count requests by the second they started,"
                + " from the phase's first request; a last, partial second shows as a dip.</p>\n");
    }

    private static void phase(StringBuilder html, int number, Phase phase) {
        Measurements r = phase.report();
        html.append("<h2 id=\"phase-").append(number).append("\">").append(Svg.escape(phase.name())).append("</h2>\n");
        html.append("<p>status: ").append(counts(r.byStatus().entrySet().stream()
                .map(e -> (e.getKey() == 0 ? "no answer" : e.getKey()) + " × " + e.getValue())));
        if (!r.byCode().isEmpty()) {
            html.append("; codes: ").append(counts(r.byCode().entrySet().stream()
                    .map(e -> Svg.escape(e.getKey()) + " × " + e.getValue())));
        }
        html.append("</p>\n");

        List<Measurements.Second> timeline = r.timeline();
        double[] requests = timeline.stream().mapToDouble(Measurements.Second::requests).toArray();
        double[] ok = timeline.stream().mapToDouble(Measurements.Second::ok).toArray();
        // An idle second has no latency to show: NaN leaves a gap rather than a misleading drop to 0 ms.
        double[] p50 = timeline.stream().mapToDouble(s -> s.requests() == 0 ? Double.NaN : s.p50Nanos() / 1e6).toArray();
        double[] p99 = timeline.stream().mapToDouble(s -> s.requests() == 0 ? Double.NaN : s.p99Nanos() / 1e6).toArray();
        // The heading above names the phase; repeating it in the charts would collide with their legends.
        html.append(Svg.lineChart("throughput", "requests per second", List.of(
                new Svg.Line("requests", "#1f77b4", requests), new Svg.Line("2xx", "#2ca02c", ok))));
        html.append(Svg.lineChart("latency", "ms", List.of(
                new Svg.Line("p50", "#1f77b4", p50), new Svg.Line("p99", "#d62728", p99))));
    }

    private static long between(Measurements report, int low, int high) {
        return report.byStatus().subMap(low, high + 1).values().stream().mapToLong(Long::longValue).sum();
    }

    private static String counts(Stream<String> entries) {
        String joined = entries.collect(Collectors.joining(", "));
        return joined.isEmpty() ? "none" : joined;
    }
}
