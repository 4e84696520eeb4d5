package com.seckill.loadtest;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The bench's findings: one table row per phase (per round for the comparisons), the goals as fractions
 * of the ceilings measured in the same run, the suite against its rival as medians over the rounds with
 * their spread, the invariants, and what each process cost. Written as Markdown (stdout and report.md),
 * an HTML page with the same tables and plots, and a CSV timeline per phase.
 */
final class BenchReport {

    static final String PLAIN = "ceiling: gateway, plain route";
    static final String FILTERED = "ceiling: gateway, JWT + rate limiter";
    static final String BURST_SUITE = "flash-sale burst: suite";
    static final String BURST_BASELINE = "flash-sale burst: baseline";
    static final String SOLD_OUT_SUITE = "sold-out: suite";
    static final String SOLD_OUT_BASELINE = "sold-out: baseline";
    static final String STEADY_SUITE = "orders, plenty of stock: suite";
    static final String STEADY_BASELINE = "orders, plenty of stock: baseline";
    static final String BROWSE = "browse: one hot activity";
    static final String DRAIN = "drain: consumer uncapped";

    /** The phases run in alternating rounds, the suite's and the rival's. */
    record Comparison(String title, String suite, String rival) {
        String phase(Checkout side) {
            return side == Checkout.SUITE ? suite : rival;
        }
    }

    static final Comparison BURST = new Comparison("flash-sale burst", BURST_SUITE, BURST_BASELINE);
    static final Comparison SOLD_OUT = new Comparison("sold-out", SOLD_OUT_SUITE, SOLD_OUT_BASELINE);
    static final Comparison STEADY = new Comparison("orders, plenty of stock", STEADY_SUITE, STEADY_BASELINE);
    /** The burst p99's target: a third of the rival's. */
    private static final double THIRD = 1.0 / 3;

    private final BenchSettings settings;
    private final Map<String, Bench.Measured> phases = new LinkedHashMap<>();
    private final List<Invariants.Check> checks = new ArrayList<>();
    private Optional<Double> redisCeiling = Optional.empty();
    private Optional<Double> redisCeilingPipelined = Optional.empty();
    private double soldOutReachedInventory = Double.NaN;
    private long browseSelects = -1;
    private DrainPhase.Result drain;
    private List<ProcessWatch.Usage> whole = List.of();

    BenchReport(BenchSettings settings) {
        this.settings = settings;
    }

    Bench.Measured add(Bench.Measured phase) {
        phases.put(label(phase.name(), phase.round()), phase);
        return phase;
    }

    /** A phase's name in the tables, CSV folders and invariants: its round added when there are several. */
    String label(String phase, int round) {
        return round == 0 || settings.rounds() == 1 ? phase : phase + ", round " + round;
    }

    void redisCeiling(Optional<Double> plain, Optional<Double> pipelined) {
        this.redisCeiling = plain;
        this.redisCeilingPipelined = pipelined;
    }

    void soldOutReachedInventory(double orders) {
        this.soldOutReachedInventory = orders;
    }

    void browseSelects(long selects) {
        this.browseSelects = selects;
    }

    /** The drain phase: a backlog injected into the broker, written by a consumer started without its cap. */
    void drain(DrainPhase.Result result) {
        this.drain = result;
    }

    void checks(List<Invariants.Check> more) {
        checks.addAll(more);
    }

    void whole(List<ProcessWatch.Usage> usage) {
        this.whole = usage;
    }

    /** True when no check failed; a scenario without sales (browse) has none. */
    boolean invariantsHold() {
        return checks.stream().allMatch(Invariants.Check::holds);
    }

    void print(PrintStream out) {
        out.println(markdown());
    }

    /** report.md, report.html and a folder of CSVs per phase; returns the Markdown file. */
    Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, Bench.Measured> phase : phases.entrySet()) {
            phase.getValue().requests().writeCsv(dir.resolve(slug(phase.getKey())));
        }
        if (drain != null) {
            StringBuilder csv = new StringBuilder("ms_since_consumer_start,measured_rows,all_rows\n");
            drain.polls().forEach(p -> csv.append(p.nanos() / 1_000_000).append(',').append(p.rows()).append(',')
                    .append(p.allRows()).append('\n'));
            Files.createDirectories(dir.resolve(slug(DRAIN)));
            Files.writeString(dir.resolve(slug(DRAIN)).resolve("polls.csv"), csv);
        }
        List<BenchHtml.Phase> plotted = phases.entrySet().stream().map(p -> new BenchHtml.Phase(p.getKey(),
                p.getValue().decisions() != null ? p.getValue().decisions() : p.getValue().requests())).toList();
        List<BenchHtml.Table> tables = new ArrayList<>();
        tables.add(goals());
        comparisons().ifPresent(tables::add);
        BenchHtml.write(dir.resolve("report.html"), "Seckill bench", List.of(
                "scenario " + settings.scenario() + ", " + settings.buyers() + " buyers on " + settings.units()
                        + " units, steady phases " + settings.phase().toSeconds() + " s, " + settings.rounds()
                        + (settings.rounds() == 1 ? " round" : " rounds") + " of each comparison (suite, rival, suite, ...)",
                Machine.describe()), tables, plotted);
        return Files.writeString(dir.resolve("report.md"), markdown());
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("## Phases\n\n").append(Machine.describe()).append("\n\n");
        md.append("| phase | requests | req/s | p50 ms | p90 ms | p99 ms | max ms | 2xx | 409 | 429 | errors |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        phases.forEach((label, phase) -> {
            row(md, label, phase.requests());
            if (phase.decisions() != null) {
                row(md, label + " (per buyer: decisions)", phase.decisions());
            }
        });
        redisCeiling.ifPresent(rps -> md.append(String.format(Locale.ROOT,
                "| ceiling: Redis, reservation script (redis-benchmark, 50 clients) | | %.0f | | | | | | | | |%n", rps)));
        redisCeilingPipelined.ifPresent(rps -> md.append(String.format(Locale.ROOT,
                "| ceiling: Redis, reservation script, pipelined 16 | | %.0f | | | | | | | | |%n", rps)));
        BenchHtml.Table goals = goals();
        md.append("\n## ").append(goals.title()).append("\n\n").append(markdown(goals, "|---|---:|---:|---|"))
                .append('\n').append(goals.note()).append('\n');
        comparisons().ifPresent(table -> md.append("\n## ").append(table.title()).append("\n\n")
                .append(markdown(table, "|---|---|---:|---:|---:|")).append('\n').append(table.note()).append('\n'));
        if (drain != null) {
            drainSection(md);
        }
        md.append("\n## Invariants after the drain\n\n| sale | invariant | holds | detail |\n|---|---|---|---|\n");
        for (Invariants.Check c : checks) {
            md.append("| ").append(c.sale()).append(" | ").append(c.name()).append(" | ").append(c.holds() ? "yes" : "**NO**")
                    .append(" | ").append(c.detail()).append(" |\n");
        }
        md.append("\n## Processes (whole run)\n\n| process | peak RSS MB | CPU s |");
        md.append(" CPU ms per accepted order, suite | CPU ms per accepted order, baseline |\n|---|---:|---:|---:|---:|\n");
        for (ProcessWatch.Usage u : whole) {
            md.append(String.format(Locale.ROOT, "| %s | %.0f | %.1f | %s | %s |%n", u.name(), u.peakRssKb() / 1024.0,
                    u.cpuSeconds(), median(figure(STEADY_SUITE, m -> cpuMsPerOrder(m, u.name()))),
                    median(figure(STEADY_BASELINE, m -> cpuMsPerOrder(m, u.name())))));
        }
        if (settings.rounds() > 1 && !rounds(STEADY_SUITE).isEmpty()) {
            md.append("\nCPU per accepted order: the median of the rounds of \"").append(STEADY.title())
                    .append("\"; their spread is in the comparison above.\n");
        }
        return md.toString();
    }

    /** Every round of a phase, first round first; a phase measured once is its only round. */
    private List<Bench.Measured> rounds(String phase) {
        return phases.values().stream().filter(p -> p.name().equals(phase))
                .sorted(Comparator.comparingInt(Bench.Measured::round)).toList();
    }

    /** One figure of each round of a phase. */
    private Spread figure(String phase, ToDoubleFunction<Bench.Measured> figure) {
        return Spread.of(rounds(phase).stream().map(m -> figure.applyAsDouble(m)).toList());
    }

    /**
     * The suite's figure over the rival's, round by round: the two sides of each ratio were measured
     * back to back, so what disturbed one round's box disturbed both of them.
     */
    private Spread ratio(Comparison comparison, ToDoubleFunction<Bench.Measured> figure) {
        Map<Integer, Bench.Measured> rivals = rounds(comparison.rival()).stream()
                .collect(Collectors.toMap(Bench.Measured::round, Function.identity()));
        return Spread.of(rounds(comparison.suite()).stream().filter(s -> rivals.containsKey(s.round()))
                .map(s -> figure.applyAsDouble(s) / figure.applyAsDouble(rivals.get(s.round()))).toList());
    }

    /**
     * Each comparison's figures, suite and rival, as medians over the rounds with their spread, and the
     * median of the rounds' ratios. Empty when no comparison ran on both sides.
     */
    Optional<BenchHtml.Table> comparisons() {
        List<List<String>> rows = new ArrayList<>();
        compare(rows, BURST, "buyers decided per second (yes or no)", "%.0f", m -> decidedPerSecond(m.decisions()));
        compare(rows, BURST, "decision p50 ms", "%.1f", m -> m.decisions().p50() / 1e6);
        compare(rows, BURST, "decision p99 ms", "%.1f", m -> m.decisions().p99() / 1e6);
        compare(rows, SOLD_OUT, "refusals (409) per second", "%.0f", m -> perSecond(m, m.requests().count(409)));
        compare(rows, SOLD_OUT, "p50 ms", "%.1f", m -> m.requests().p50() / 1e6);
        compare(rows, SOLD_OUT, "p99 ms", "%.1f", m -> m.requests().p99() / 1e6);
        compare(rows, STEADY, "accepted orders per second", "%.0f", m -> perSecond(m, accepted(m)));
        compare(rows, STEADY, "p50 ms (per request)", "%.1f", m -> m.requests().p50() / 1e6);
        compare(rows, STEADY, "p99 ms (per request)", "%.1f", m -> m.requests().p99() / 1e6);
        compare(rows, STEADY, "CPU ms per accepted order, all processes", "%.2f", BenchReport::cpuMsPerOrder);
        Set<String> processes = new LinkedHashSet<>();
        rounds(STEADY_SUITE).forEach(m -> m.usage().forEach(u -> processes.add(u.name())));
        rounds(STEADY_BASELINE).forEach(m -> m.usage().forEach(u -> processes.add(u.name())));
        for (String process : processes) {
            compare(rows, STEADY, "CPU ms per accepted order, " + process, "%.2f", m -> cpuMsPerOrder(m, process));
        }
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        String title = "Suite against rival, " + settings.rounds() + (settings.rounds() == 1 ? " round" : " rounds");
        String note = settings.rounds() == 1 ? "One round: run with --rounds 3 or more for medians and their spread."
                : "Each cell: the median over the rounds (min–max, spread = (max − min) / median). The rounds alternate"
                + " suite, rival, suite, ...; the ratio column is the median of each round's own ratio, not a ratio of medians.";
        return Optional.of(new BenchHtml.Table(title, List.of("comparison", "figure", "suite", "rival", "suite / rival"),
                rows, note));
    }

    private void compare(List<List<String>> rows, Comparison comparison, String figure, String number,
                         ToDoubleFunction<Bench.Measured> value) {
        if (rounds(comparison.suite()).isEmpty() || rounds(comparison.rival()).isEmpty()) {
            return;
        }
        rows.add(List.of(comparison.title(), figure, figure(comparison.suite(), value).format(number),
                figure(comparison.rival(), value).format(number), ratio(comparison, value).format("%.2f")));
    }

    private static String markdown(BenchHtml.Table table, String alignment) {
        StringBuilder md = new StringBuilder("| ").append(String.join(" | ", table.header())).append(" |\n")
                .append(alignment).append('\n');
        table.rows().forEach(row -> md.append("| ").append(String.join(" | ", row)).append(" |\n"));
        return md.toString();
    }

    /**
     * The goals: fractions of this run's ceilings, and the suite over its rival as the median of the
     * rounds' ratios (a ratio within one round compares two sides measured back to back).
     */
    BenchHtml.Table goals() {
        List<List<String>> rows = new ArrayList<>();
        double plain = rate(PLAIN);
        double filtered = rate(FILTERED);
        goal(rows, "filtered gateway / plain gateway", Spread.of(List.of(filtered / plain)), 0.80, false);
        goal(rows, "sold-out refusals per second / filtered ceiling",
                figure(SOLD_OUT_SUITE, m -> perSecond(m, m.requests().count(409)) / filtered), 0.90, false);
        goal(rows, "hot catalog reads / plain ceiling", Spread.of(List.of(rate(BROWSE) / plain)), 0.80, false);
        goal(rows, "accepted orders per second on a sale with plenty of stock, every request a buyer must make"
                        + " counted (one order each: the suite needs no purchase token), suite / rival",
                ratio(STEADY, m -> perSecond(m, accepted(m))), 1.5, false);
        goal(rows, "CPU per accepted order (every process), suite / rival", ratio(STEADY, BenchReport::cpuMsPerOrder),
                1.0, true);
        goal(rows, "burst decisions per second (accepted or refused, errors excluded), suite / baseline",
                ratio(BURST, m -> decidedPerSecond(m.decisions())), 3.0, false);
        goal(rows, "burst decision p99, suite / baseline", ratio(BURST, m -> (double) m.decisions().p99()), THIRD, true);
        if (!Double.isNaN(soldOutReachedInventory)) {
            long refusals = rounds(SOLD_OUT_SUITE).stream().mapToLong(m -> m.requests().count(409)).sum();
            rows.add(List.of("sold-out orders that reached inventory's Redis script",
                    String.format(Locale.ROOT, "%.0f of %d", soldOutReachedInventory, refusals), "0",
                    soldOutReachedInventory == 0 ? "yes" : "no"));
        }
        if (drain != null) {
            double rate = drain.rate().perSecond();
            boolean timers = settings.payWithin() != null;
            String measured = Double.isNaN(rate) ? "not drained" : String.format(Locale.ROOT, "%.0f", rate);
            // Without timers the drain is still measured and shown, but it is not the figure this goal is about.
            rows.add(List.of(String.format(Locale.ROOT, "drain with a payment timer per order: orders written per second"
                                    + " by the uncapped consumer, %d after a warm-up of %d (first row to last)",
                            drain.orders(), drain.warmUp()),
                    timers ? measured : measured + " without timers", "≥ 20000",
                    !timers ? "not measured: without timers (--pay-within PT15M)" : rate >= 20_000 ? "yes" : "no"));
        }
        if (browseSelects >= 0) {
            rows.add(List.of("SELECTs reaching MariaDB during the browse phase (server-wide)", Long.toString(browseSelects),
                    "0", browseSelects == 0 ? "yes" : "no"));
        }
        String note = settings.rounds() == 1 ? ""
                : "Suite / rival: the median of the " + settings.rounds() + " rounds' ratios (min–max, spread);"
                + " fractions of a ceiling: the median of the rounds over the one ceiling measured.";
        return new BenchHtml.Table("Goals (fractions of this run's ceilings; suite / rival)",
                List.of("goal", "measured", "target", "met"), rows, note);
    }

    private void drainSection(StringBuilder md) {
        DrainRate rate = drain.rate();
        md.append("\n## Drain: order-consumer-service without its write cap\n\n| step | |\n|---|---:|\n");
        md.append(String.format(Locale.ROOT, "| backlog: orders of one sale, reserved in Redis, sent to the broker | %d warm-up + %d measured |%n",
                drain.warmUp(), drain.orders()));
        md.append("| payment timers scheduled by the consumer | ").append(settings.payWithin() == null
                ? "none (orders without payBy)" : "one per order, due " + settings.payWithin() + " after it was placed").append(" |\n");
        md.append("| reserved in Redis (inventory's script, pipelined) | ").append(seconds(drain.reserved())).append(" |\n");
        md.append("| sent to the broker (batches of 256) | ").append(seconds(drain.injected())).append(" |\n");
        md.append("| consumer started → first row (JVM start-up, joining the group) | ").append(seconds(rate.toAnyRow())).append(" |\n");
        md.append("| consumer started → first measured row (the warm-up drained) | ").append(seconds(rate.toFirstRow())).append(" |\n");
        md.append("| consumer started → inventory's stock ledger has recorded every order | ").append(seconds(drain.ledger()))
                .append(drain.ledger() == null ? " (**not by the end**)" : rate.toFirstRow() != null
                        && drain.ledger().compareTo(rate.toFirstRow()) > 0 ? " (**during the measured drain**)" : "").append(" |\n");
        if (rate.complete()) {
            md.append("| first measured row → last | ").append(seconds(rate.toLastRow().minus(rate.toFirstRow()))).append(" |\n");
            md.append(String.format(Locale.ROOT, "| **measured orders per second, first row → last** | **%.0f** |%n", rate.perSecond()));
            md.append(String.format(Locale.ROOT, "| all %d orders per second from the consumer's start (JVM start-up and warm-up included) | %s |%n",
                    drain.warmUp() + drain.orders(), Double.isNaN(rate.perSecondFromStart()) ? "" : String.format(Locale.ROOT, "%.0f", rate.perSecondFromStart())));
        } else {
            md.append(String.format(Locale.ROOT, "| **not drained**: measured orders in MySQL when the wait ended | **%d of %d** |%n",
                    rate.rows(), drain.orders()));
        }
        md.append("\n| process | CPU s, first measured row → last | CPU ms per 1,000 orders | CPU s from the consumer's start |\n|---|---:|---:|---:|\n");
        for (ProcessWatch.Usage u : drain.phaseUsage()) {
            double cpu = drain.drainUsage().stream().filter(d -> d.name().equals(u.name()))
                    .mapToDouble(ProcessWatch.Usage::cpuSeconds).findFirst().orElse(Double.NaN);
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %.1f |%n", u.name(),
                    Double.isNaN(cpu) ? "" : String.format(Locale.ROOT, "%.2f", cpu),
                    Double.isNaN(cpu) || drain.drainUsageOrders() <= 0 ? ""
                            : String.format(Locale.ROOT, "%.1f", cpu * 1e6 / drain.drainUsageOrders()),
                    u.cpuSeconds()));
        }
    }

    private static String seconds(java.time.Duration d) {
        return d == null ? "" : String.format(Locale.ROOT, "%.1f s", d.toNanos() / 1e9);
    }

    /** Buyers told yes or no per second: a 503 or no answer at all decides nothing for the buyer. */
    private static double decidedPerSecond(Measurements decisions) {
        long decided = decisions.requests() - decisions.errors() - decisions.count(429);
        return decided / (decisions.elapsed().toNanos() / 1e9);
    }

    /** A goal row when its figure was measured; met or not by the median. */
    private static void goal(List<List<String>> rows, String name, Spread value, double target, boolean atMost) {
        if (value.isEmpty()) {
            return;
        }
        boolean met = atMost ? value.median() <= target : value.median() >= target;
        rows.add(List.of(name, value.format("%.2f"), String.format(Locale.ROOT, "%s %.2f", atMost ? "≤" : "≥", target),
                met ? "yes" : "no"));
    }

    /** A phase measured once (a ceiling, the browse phase): its requests per second. */
    private double rate(String phase) {
        return figure(phase, m -> m.requests().throughput()).median();
    }

    private static double perSecond(Bench.Measured m, long count) {
        return count / (m.requests().elapsed().toNanos() / 1e9);
    }

    /** Orders accepted: the suite answers them 202, the rival 201, and neither answers the other's status. */
    private static long accepted(Bench.Measured m) {
        return m.requests().count(Checkout.SUITE.accepted()) + m.requests().count(Checkout.BASELINE.accepted());
    }

    /** Every process's CPU over the phase, per accepted order; NaN when nothing was accepted. */
    private static double cpuMsPerOrder(Bench.Measured m) {
        long orders = accepted(m);
        return orders == 0 ? Double.NaN
                : m.usage().stream().mapToDouble(ProcessWatch.Usage::cpuSeconds).sum() * 1000 / orders;
    }

    private static double cpuMsPerOrder(Bench.Measured m, String process) {
        long orders = accepted(m);
        return orders == 0 ? Double.NaN : m.usage().stream().filter(u -> u.name().equals(process)).findFirst()
                .map(u -> u.cpuSeconds() * 1000 / orders).orElse(Double.NaN);
    }

    private static String median(Spread spread) {
        return spread.isEmpty() ? "" : String.format(Locale.ROOT, "%.2f", spread.median());
    }

    private static void row(StringBuilder md, String name, Measurements r) {
        md.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %s | %s | %s | %s | %d | %d | %d | %d |%n", name,
                r.requests(), r.throughput(), ms(r.p50()), ms(r.p90()), ms(r.p99()), ms(r.max()),
                r.byStatus().entrySet().stream().filter(e -> e.getKey() / 100 == 2).mapToLong(Map.Entry::getValue).sum(),
                r.count(409), r.count(429), r.errors()));
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }

    private static String slug(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }
}
