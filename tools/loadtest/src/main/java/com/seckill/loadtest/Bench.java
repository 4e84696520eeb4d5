package com.seckill.loadtest;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Black Friday bench: a warm-up, the suite and its naive rival under the same loads through the
 * same gateway, the invariants once the queue has drained, and last the ceilings of this box. Every phase is
 * a {@link Measured}; {@link BenchReport} turns them into the table, the goals and the plots.
 */
final class Bench {

    /** One measured phase: every request, per-buyer decisions where buyers decide, and the processes' cost. */
    record Measured(String name, Report requests, Report decisions, List<ProcessWatch.Usage> usage) {
    }

    private static final Pattern SOLD_OUT_BY_INVENTORY =
            Pattern.compile("seckill_orders_placed_total\\{[^}]*outcome=\"sold_out\"[^}]*} ([0-9.E]+)");
    private static final int CEILING_USERS = 20_000;
    /** Stock that no phase can sell out: the accepting path is measured, not the sold-out one. */
    private static final int PLENTY = 1_000_000;
    private static final int STEADY_CONCURRENCY = 64;
    private static final Duration DRAIN = Duration.ofSeconds(90);

    private final BenchSettings settings;
    private final ShopperTokens tokens;
    private final ShopClient client;
    private final ShopAdmin admin;
    private final Invariants invariants;
    private final BenchReport report;
    private final Launcher launcher;
    private final String runId = "bench-" + System.currentTimeMillis() + "-";

    Bench(BenchSettings settings) {
        this.settings = settings;
        this.tokens = new ShopperTokens(settings.jwtSecret(), Clock.systemUTC());
        this.client = new ShopClient(settings.gateway(), new Recorder());
        this.admin = new ShopAdmin(client, tokens);
        this.invariants = new Invariants(settings.mysqlUrl(), settings.mysqlUser(), settings.mysqlPassword());
        this.report = new BenchReport(settings);
        this.launcher = new Launcher(settings.launcher());
    }

    BenchReport run() throws Exception {
        boolean all = "flash-sale".equals(settings.scenario());
        try (ProcessWatch watch = new ProcessWatch(settings.pidsDir()).start()) {
            Map<String, Double> start = watch.mark();
            if ("drain".equals(settings.scenario())) {
                // No gateway load in it: no warm-up, no ceilings.
                say("setting up the backlog's sale through the admin API");
                drain(watch, admin.sale(runId + "drain", settings.warmUp() + settings.backlog(), 1));
                report.whole(watch.since(start));
                return report;
            }
            say("setting up the sales through the admin API");
            ShopAdmin.Sale drainSale = all ? admin.sale(runId + "drain", settings.warmUp() + settings.backlog(), 1) : null;
            String warmSale = admin.createSale(runId + "warm-up", PLENTY, 1);
            String burstSale = admin.createSale(runId + "burst", settings.units(), 1);
            String steadySale = admin.createSale(runId + "steady", PLENTY, 1);
            String baselineWarm = admin.createBaselineSale(PLENTY);
            String baselineBurst = admin.createBaselineSale(settings.units());
            String baselineSteady = admin.createBaselineSale(PLENTY);
            String[] shoppers = shoppers(CEILING_USERS);

            say("warming up the JVMs (not measured): the gateway, then both designs' order paths");
            Duration warm = settings.phase();
            steady("warm-up plain", watch, warm, (c, n) -> c.get("/bench/plain"));
            steady("warm-up filtered", watch, warm, (c, n) -> c.get("/api/bench/ping", shoppers[(int) (n % shoppers.length)]));
            steady("warm-up suite", watch, warm, new Buyers(warmSale, Checkout.SUITE, "warm-"));
            steady("warm-up baseline", watch, warm, new Buyers(baselineWarm, Checkout.BASELINE, "warm-b-"));


            if (all || "sold-out".equals(settings.scenario())) {
                burst(BenchReport.BURST_SUITE, watch, burstSale, Checkout.SUITE);
                burst(BenchReport.BURST_BASELINE, watch, baselineBurst, Checkout.BASELINE);
                double inventoryBefore = soldOutByInventory();
                report.add(steady(BenchReport.SOLD_OUT_SUITE, watch, settings.phase(), new Buyers(burstSale, Checkout.SUITE, "late-")));
                report.soldOutReachedInventory(soldOutByInventory() - inventoryBefore);
                report.add(steady(BenchReport.SOLD_OUT_BASELINE, watch, settings.phase(), new Buyers(baselineBurst, Checkout.BASELINE, "late-b-")));
            }
            if (all) {
                // The queue as the funnel: orders are accepted while nothing writes them; then the drain
                // phase puts a backlog of its own in front of the stopped consumer and starts it uncapped.
                launcher.run(Map.of(), "stop", DrainPhase.CONSUMER);
                Buyers accepting = new Buyers(steadySale, Checkout.SUITE, "steady-");
                report.add(steady(BenchReport.STEADY_SUITE, watch, settings.phase(), accepting));
                drain(watch, drainSale);
                report.checks(invariants.check(BenchReport.STEADY_SUITE, settings.orderTable(), steadySale,
                        accepting.accepted(), PLENTY, 1, DRAIN));
                Buyers baselineAccepting = new Buyers(baselineSteady, Checkout.BASELINE, "steady-b-");
                report.add(steady(BenchReport.STEADY_BASELINE, watch, settings.phase(), baselineAccepting));
                report.checks(invariants.check(BenchReport.STEADY_BASELINE, settings.baselineTable(), baselineSteady,
                        baselineAccepting.accepted(), PLENTY, 1, DRAIN));
            }
            if (all || "browse".equals(settings.scenario())) {
                long selects = invariants.selects();
                report.add(steady(BenchReport.BROWSE, watch, settings.phase(),
                        (c, n) -> c.get("/api/activities/" + burstSale)));
                report.browseSelects(invariants.selects() - selects);
            }
            // Last, on the warmest gateway of the run: the ceilings are as high as this box makes them,
            // so the suite's fractions of them are never flattered by a gateway still compiling its paths.
            say("ceilings of this box");
            report.add(steady(BenchReport.PLAIN, watch, settings.phase(), (c, n) -> c.get("/bench/plain")));
            report.add(steady(BenchReport.FILTERED, watch, settings.phase(),
                    (c, n) -> c.get("/api/bench/ping", shoppers[(int) (n % shoppers.length)])));
            RedisCeiling redis = new RedisCeiling(settings.redisHost(), settings.redisPort(), settings.reserveScript());
            report.redisCeiling(redis.measure(200_000, 1), redis.measure(400_000, 16));
            report.whole(watch.since(start));
        }
        return report;
    }

    /**
     * The consumer's uncapped drain of a backlog injected into the broker ({@link DrainPhase}); then every
     * backlog order must be in MySQL once and nothing else in its sale, and inventory's stock check must
     * add up. Leaves the consumer running uncapped: the launcher gives it its cap back after the bench.
     */
    private void drain(ProcessWatch watch, ShopAdmin.Sale sale) throws Exception {
        DrainPhase.Result result = new DrainPhase(settings, launcher, watch, runId).run(sale);
        report.drain(result);
        report.checks(invariants.check(BenchReport.DRAIN, settings.orderTable(), sale.activityId(),
                result.orderIds(), result.orderIds().size(), 1, result.rate().complete() ? DRAIN : Duration.ZERO));
        report.checks(List.of(stockCheck(sale.activityId(), result.orderIds().size())));
    }

    /** inventory-service's own check of the sale: Redis and its stock record agree, every unit recorded as locked. */
    private Invariants.Check stockCheck(String activityId, long units) throws InterruptedException {
        String body = null;
        for (int attempt = 1; body == null; attempt++) {
            try {
                body = admin.stock(activityId).body();
            } catch (IllegalStateException e) {
                if (attempt == 10) {
                    return new Invariants.Check(BenchReport.DRAIN, "stock record and Redis agree (admin stock check)",
                            false, "no answer from the admin stock check: " + e.getMessage());
                }
                Thread.sleep(500);
            }
        }
        boolean consistent = "true".equals(Json.string(body, "consistent"));
        long created = Json.number(body, "created");
        long pending = Json.number(body, "pending");
        return new Invariants.Check(BenchReport.DRAIN, "stock record and Redis agree (admin stock check)",
                consistent && created == units && pending == 0,
                "consistent " + consistent + ", created " + created + " of " + units + ", pending " + pending
                        + ", remaining " + Json.string(body, "remaining"));
    }

    /** N buyers released together on a sale of {@code units}; invariants checked once drained. */
    private void burst(String name, ProcessWatch watch, String activityId, Checkout checkout) throws Exception {
        FlashSaleScenario scenario = new FlashSaleScenario(activityId, settings.buyers(), settings.concurrency(),
                Duration.ZERO, tokens, runId + checkout.name().toLowerCase() + "-", checkout);
        Measured measured = measure(name, watch, scenario, scenario::decisions);
        report.add(measured);
        String table = checkout == Checkout.SUITE ? settings.orderTable() : settings.baselineTable();
        report.checks(invariants.check(name, table, activityId, scenario.acceptedOrderIds(), settings.units(), 1, DRAIN));
    }

    private Measured steady(String name, ProcessWatch watch, Duration duration, TimedScenario.Request request)
            throws InterruptedException {
        return measure(name, watch, new TimedScenario(STEADY_CONCURRENCY, duration, request), null);
    }

    private Measured measure(String name, ProcessWatch watch, Scenario scenario,
                             java.util.function.Supplier<List<Sample>> decisions) throws InterruptedException {
        Recorder recorder = new Recorder();
        Map<String, Double> mark = watch.mark();
        long start = System.nanoTime();
        try (ProgressLine ignored = new ProgressLine(recorder, System.err, name).start()) {
            scenario.run(client.recordingInto(recorder));
        } finally {
            // The next phase starts with new threads, so with new connections, as a new crowd would.
            client.close();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        Report decided = decisions == null ? null : Report.of(decisions.get(), elapsed);
        return new Measured(name, Report.of(recorder.samples(), elapsed), decided, watch.since(mark));
    }

    /** Enough distinct shoppers that the per-user rate limit never refuses a ceiling request. */
    private String[] shoppers(int count) {
        String[] jwts = new String[count];
        for (int i = 0; i < count; i++) {
            jwts[i] = tokens.mint(runId + "ceiling-" + i);
        }
        return jwts;
    }

    /** order-service's count of orders refused as sold out by inventory's script (not by its flag). */
    private double soldOutByInventory() {
        try {
            HttpResponse<String> metrics = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(settings.orderServiceMetrics()).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher m = SOLD_OUT_BY_INVENTORY.matcher(metrics.body());
            return m.find() ? Double.parseDouble(m.group(1)) : 0;
        } catch (IOException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

    private static void say(String line) {
        System.err.println("bench: " + line);
    }

    /**
     * A stream of new buyers, the n-th one user {@code <run><prefix><n>}; keeps the accepted order ids,
     * so a drain can be checked against MySQL.
     */
    private final class Buyers implements TimedScenario.Request {
        private final String activityId;
        private final Checkout checkout;
        private final String prefix;
        private final java.util.Queue<String> accepted = new java.util.concurrent.ConcurrentLinkedQueue<>();

        Buyers(String activityId, Checkout checkout, String prefix) {
            this.activityId = activityId;
            this.checkout = checkout;
            this.prefix = prefix;
        }

        @Override
        public ShopClient.Answer send(ShopClient c, long n) {
            ShopClient.Answer answer = checkout.buy(c, activityId, tokens.mint(runId + prefix + n));
            if (answer.status() == checkout.accepted()) {
                accepted.add(answer.field("orderId"));
            }
            return answer;
        }

        List<String> accepted() {
            return new ArrayList<>(accepted);
        }
    }
}
