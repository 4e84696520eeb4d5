package com.seckill.loadtest;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The bench's findings: one table row per phase, the goals as fractions of the ceilings measured in
 * the same run, the suite against its rival, the invariants, and what each process cost. Written as
 * Markdown (stdout and report.md), an HTML page with plots, and a CSV timeline per phase.
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
        phases.put(phase.name(), phase);
        return phase;
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
        for (Bench.Measured phase : phases.values()) {
            phase.requests().writeCsv(dir.resolve(slug(phase.name())));
        }
        if (drain != null) {
            StringBuilder csv = new StringBuilder("ms_since_consumer_start,measured_rows,all_rows\n");
            drain.polls().forEach(p -> csv.append(p.nanos() / 1_000_000).append(',').append(p.rows()).append(',')
                    .append(p.allRows()).append('\n'));
            Files.createDirectories(dir.resolve(slug(DRAIN)));
            Files.writeString(dir.resolve(slug(DRAIN)).resolve("polls.csv"), csv);
        }
        List<HtmlReport.Phase> plotted = phases.values().stream()
                .map(p -> new HtmlReport.Phase(p.name(), p.decisions() != null ? p.decisions() : p.requests())).toList();
        HtmlReport.write(dir.resolve("report.html"), "Seckill bench", List.of(
                "scenario " + settings.scenario() + ", " + settings.buyers() + " buyers on " + settings.units()
                        + " units, steady phases " + settings.phase().toSeconds() + " s",
                Machine.describe()), plotted);
        return Files.writeString(dir.resolve("report.md"), markdown());
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("## Phases\n\n").append(Machine.describe()).append("\n\n");
        md.append("| phase | requests | req/s | p50 ms | p90 ms | p99 ms | max ms | 2xx | 409 | 429 | errors |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Bench.Measured phase : phases.values()) {
            row(md, phase.name(), phase.requests());
            if (phase.decisions() != null) {
                row(md, phase.name() + " (per buyer: decisions)", phase.decisions());
            }
        }
        redisCeiling.ifPresent(rps -> md.append(String.format(Locale.ROOT,
                "| ceiling: Redis, reservation script (redis-benchmark, 50 clients) | | %.0f | | | | | | | | |%n", rps)));
        redisCeilingPipelined.ifPresent(rps -> md.append(String.format(Locale.ROOT,
                "| ceiling: Redis, reservation script, pipelined 16 | | %.0f | | | | | | | | |%n", rps)));
        md.append("\n## Goals (fractions of this run's ceilings)\n\n| goal | measured | target | met |\n|---|---:|---:|---|\n");
        goals(md);
        if (drain != null) {
            drainSection(md);
        }
        md.append("\n## Invariants after the drain\n\n| sale | invariant | holds | detail |\n|---|---|---|---|\n");
        for (Invariants.Check c : checks) {
            md.append("| ").append(c.sale()).append(" | ").append(c.name()).append(" | ").append(c.holds() ? "yes" : "**NO**")
                    .append(" | ").append(c.detail()).append(" |\n");
        }
        md.append("\n## Processes (whole run)\n\n| process | peak RSS MB | CPU s |");
        Bench.Measured steady = phases.get(STEADY_SUITE);
        Bench.Measured steadyBaseline = phases.get(STEADY_BASELINE);
        md.append(" CPU ms per accepted order, suite | CPU ms per accepted order, baseline |\n|---|---:|---:|---:|---:|\n");
        for (ProcessWatch.Usage u : whole) {
            md.append(String.format(Locale.ROOT, "| %s | %.0f | %.1f | %s | %s |%n", u.name(), u.peakRssKb() / 1024.0,
                    u.cpuSeconds(), perOrder(steady, 202, u.name()), perOrder(steadyBaseline, 201, u.name())));
        }
        return md.toString();
    }

    private void goals(StringBuilder md) {
        double plain = rate(PLAIN);
        double filtered = rate(FILTERED);
        goal(md, "filtered gateway / plain gateway", filtered / plain, 0.60, false);
        goal(md, "sold-out rejections / filtered ceiling", rate(SOLD_OUT_SUITE) / filtered, 0.90, false);
        goal(md, "accepted orders per second / filtered ceiling", accepted(STEADY_SUITE, 202) / filtered, 0.50, false);
        goal(md, "hot catalog reads / plain ceiling", rate(BROWSE) / plain, 0.80, false);
        Bench.Measured suite = phases.get(BURST_SUITE);
        Bench.Measured baseline = phases.get(BURST_BASELINE);
        if (suite != null && baseline != null) {
            goal(md, "burst decisions per second (accepted or refused, errors excluded), suite / baseline",
                    decidedPerSecond(suite.decisions()) / decidedPerSecond(baseline.decisions()), 3.0, false);
            goal(md, "burst decision p99, suite / baseline",
                    (double) suite.decisions().p99() / baseline.decisions().p99(), 0.20, true);
        }
        if (!Double.isNaN(soldOutReachedInventory)) {
            md.append(String.format(Locale.ROOT, "| sold-out orders that reached inventory's Redis script | %.0f of %d | 0 | %s |%n",
                    soldOutReachedInventory, count(SOLD_OUT_SUITE, 409), soldOutReachedInventory == 0 ? "yes" : "no"));
        }
        if (drain != null) {
            double rate = drain.rate().perSecond();
            md.append(String.format(Locale.ROOT, "| consumer, uncapped: orders written per second, %d after a warm-up of %d, %s (first row to last) | %s | ≥ 20000 | %s |%n",
                    drain.orders(), drain.warmUp(), settings.payWithin() == null ? "no payment checks" : "a payment check each", Double.isNaN(rate) ? "not drained" : String.format(Locale.ROOT, "%.0f", rate),
                    rate >= 20_000 ? "yes" : "no"));
        }
        if (browseSelects >= 0) {
            md.append(String.format(Locale.ROOT, "| SELECTs reaching MariaDB during the browse phase (server-wide) | %d | 0 | %s |%n",
                    browseSelects, browseSelects == 0 ? "yes" : "no"));
        }
    }

    private void drainSection(StringBuilder md) {
        DrainRate rate = drain.rate();
        md.append("\n## Drain: order-consumer-service without its write cap\n\n| step | |\n|---|---:|\n");
        md.append(String.format(Locale.ROOT, "| backlog: orders of one sale, reserved in Redis, sent to the broker | %d warm-up + %d measured |%n",
                drain.warmUp(), drain.orders()));
        md.append("| payment checks scheduled by the consumer | ").append(settings.payWithin() == null
                ? "none (orders without payBy)" : "a check per order, due " + settings.payWithin() + " after it was placed (one timer message per batch)").append(" |\n");
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
    private static double decidedPerSecond(Report decisions) {
        long decided = decisions.requests() - decisions.errors() - decisions.count(429);
        return decided / (decisions.elapsed().toNanos() / 1e9);
    }

    private static void goal(StringBuilder md, String name, double value, double target, boolean atMost) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return;
        }
        boolean met = atMost ? value <= target : value >= target;
        md.append(String.format(Locale.ROOT, "| %s | %.2f | %s %.2f | %s |%n", name, value, atMost ? "≤" : "≥", target,
                met ? "yes" : "no"));
    }

    private double rate(String phase) {
        Bench.Measured m = phases.get(phase);
        return m == null ? Double.NaN : m.requests().throughput();
    }

    private double accepted(String phase, int status) {
        Bench.Measured m = phases.get(phase);
        return m == null ? Double.NaN : m.requests().count(status) / (m.requests().elapsed().toNanos() / 1e9);
    }

    private long count(String phase, int status) {
        Bench.Measured m = phases.get(phase);
        return m == null ? 0 : m.requests().count(status);
    }

    private static String perOrder(Bench.Measured phase, int acceptedStatus, String process) {
        if (phase == null || phase.requests().count(acceptedStatus) == 0) {
            return "";
        }
        long orders = phase.requests().count(acceptedStatus);
        return phase.usage().stream().filter(u -> u.name().equals(process)).findFirst()
                .map(u -> String.format(Locale.ROOT, "%.2f", u.cpuSeconds() * 1000 / orders)).orElse("");
    }

    private static void row(StringBuilder md, String name, Report r) {
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
