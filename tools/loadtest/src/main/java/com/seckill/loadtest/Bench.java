package com.seckill.loadtest;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Black Friday bench: a warm-up, the suite and its naive rival under the same loads through the
 * same gateway in alternating rounds, the invariants once the queue has drained, and last the ceilings of
 * this box. Every phase is a {@link Measured}; {@link BenchReport} turns them into the table, the goals
 * and the plots.
 */
final class Bench {

    /**
     * One measured phase: every request, per-buyer decisions where buyers decide, and the processes' cost.
     *
     * @param round which round of a comparison of suite and rival, from 1; 0 for a phase measured once
     */
    record Measured(String name, int round, Measurements requests, Measurements decisions, List<ProcessWatch.Usage> usage) {

        Measured(String name, Measurements requests, Measurements decisions, List<ProcessWatch.Usage> usage) {
            this(name, 0, requests, decisions, usage);
        }
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
            boolean compare = all || "sold-out".equals(settings.scenario());
            List<AlternatingRounds.Turn> turns = AlternatingRounds.of(settings.rounds());
            say("setting up the sales through the admin API");
            ShopAdmin.Sale drainSale = all ? admin.sale(runId + "drain", settings.warmUp() + settings.backlog(), 1) : null;
            String warmSale = admin.createSale(runId + "warm-up", PLENTY, 1);
            String baselineWarm = admin.createBaselineSale(PLENTY);
            Map<AlternatingRounds.Turn, String> bursts = compare ? sales(turns, "burst", settings.units()) : Map.of();
            Map<AlternatingRounds.Turn, String> steadySales = all ? sales(turns, "steady", PLENTY) : Map.of();
            // The browse phase reads the first round's burst sale, as it read the one burst sale before rounds.
            String browsed = compare ? bursts.get(turns.get(0)) : admin.createSale(runId + "browse", settings.units(), 1);
            String[] shoppers = shoppers(CEILING_USERS);

            say("warming up the JVMs (not measured): the gateway, then both designs' order paths");
            Duration warm = settings.phase();
            steady("warm-up plain", watch, warm, (c, n) -> c.get("/bench/plain"));
            steady("warm-up filtered", watch, warm, (c, n) -> c.get("/api/bench/ping", shoppers[(int) (n % shoppers.length)]));
            steady("warm-up suite", watch, warm, new Buyers(warmSale, Checkout.SUITE, "warm-"));
            steady("warm-up baseline", watch, warm, new Buyers(baselineWarm, Checkout.BASELINE, "warm-b-"));

            if (compare) {
                for (AlternatingRounds.Turn turn : turns) {
                    burst(turn, watch, bursts.get(turn));
                }
                double inventoryBefore = soldOutByInventory();
                for (AlternatingRounds.Turn turn : turns) {
                    report.add(steady(BenchReport.SOLD_OUT.phase(turn.side()), turn.round(), watch, settings.phase(),
                            new Buyers(bursts.get(turn), turn.side(), prefix("late", turn))));
                }
                // Only the suite's rounds reach order-service: the count is theirs, over all of them.
                report.soldOutReachedInventory(soldOutByInventory() - inventoryBefore);
            }
            if (all) {
                // The queue as the funnel: orders are accepted while nothing writes them; then the drain
                // phase puts a backlog of its own in front of the stopped consumer and starts it uncapped.
                // The rival's rounds run with the consumer stopped too: it is none of the rival's work, and
                // the rival's rounds must sit between the suite's, so each ratio's sides are back to back.
                launcher.run(Map.of(), "stop", DrainPhase.CONSUMER);
                Map<AlternatingRounds.Turn, Buyers> accepting = new LinkedHashMap<>();
                for (AlternatingRounds.Turn turn : turns) {
                    Buyers buyers = new Buyers(steadySales.get(turn), turn.side(), prefix("steady", turn));
                    report.add(steady(BenchReport.STEADY.phase(turn.side()), turn.round(), watch, settings.phase(), buyers));
                    accepting.put(turn, buyers);
                }
                drain(watch, drainSale);
                for (Map.Entry<AlternatingRounds.Turn, Buyers> round : accepting.entrySet()) {
                    AlternatingRounds.Turn turn = round.getKey();
                    report.checks(invariants.check(report.label(BenchReport.STEADY.phase(turn.side()), turn.round()),
                            table(turn.side()), steadySales.get(turn), round.getValue().accepted(), PLENTY, 1, DRAIN));
                }
            }
            if (all || "browse".equals(settings.scenario())) {
                long selects = invariants.selects();
                report.add(steady(BenchReport.BROWSE, watch, settings.phase(),
                        (c, n) -> c.get("/api/activities/" + browsed)));
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

    /**
     * One sale per round and side, set up before the load as a single sale was: every burst round needs
     * stock to sell out, and a fresh sale per round keeps each round's invariants its own.
     */
    private Map<AlternatingRounds.Turn, String> sales(List<AlternatingRounds.Turn> turns, String title, int units)
            throws InterruptedException {
        Map<AlternatingRounds.Turn, String> sales = new HashMap<>();
        for (AlternatingRounds.Turn turn : turns) {
            sales.put(turn, turn.side() == Checkout.SUITE
                    ? admin.createSale(runId + title + "-r" + turn.round(), units, 1)
                    : admin.createBaselineSale(units));
        }
        return sales;
    }

    /** New buyers for every round and side: no per-user limit or rate limit carries over from another round. */
    private static String prefix(String phase, AlternatingRounds.Turn turn) {
        return phase + "-" + turn.side().name().toLowerCase(Locale.ROOT) + "-r" + turn.round() + "-";
    }

    private String table(Checkout side) {
        return side == Checkout.SUITE ? settings.orderTable() : settings.baselineTable();
    }

    /** N buyers released together on a sale of {@code units}; invariants checked once drained. */
    private void burst(AlternatingRounds.Turn turn, ProcessWatch watch, String activityId) throws Exception {
        Checkout checkout = turn.side();
        String name = BenchReport.BURST.phase(checkout);
        FlashSaleScenario scenario = new FlashSaleScenario(activityId, settings.buyers(), settings.concurrency(),
                Duration.ZERO, tokens, runId + prefix("burst", turn), checkout);
        report.add(measure(name, turn.round(), watch, scenario, scenario::decisions));
        report.checks(invariants.check(report.label(name, turn.round()), table(checkout), activityId,
                scenario.acceptedOrderIds(), settings.units(), 1, DRAIN));
    }

    private Measured steady(String name, ProcessWatch watch, Duration duration, TimedScenario.Request request)
            throws InterruptedException {
        return steady(name, 0, watch, duration, request);
    }

    private Measured steady(String name, int round, ProcessWatch watch, Duration duration, TimedScenario.Request request)
            throws InterruptedException {
        return measure(name, round, watch, new TimedScenario(STEADY_CONCURRENCY, duration, request), null);
    }

    private Measured measure(String name, int round, ProcessWatch watch, Scenario scenario,
                             java.util.function.Supplier<List<Sample>> decisions) throws InterruptedException {
        Recorder recorder = new Recorder();
        Map<String, Double> mark = watch.mark();
        long start = System.nanoTime();
        try (ProgressLine ignored = new ProgressLine(recorder, System.err, report.label(name, round)).start()) {
            scenario.run(client.recordingInto(recorder));
        } finally {
            // The next phase starts with new threads, so with new connections, as a new crowd would.
            client.close();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        Measurements decided = decisions == null ? null : Measurements.of(decisions.get(), elapsed);
        return new Measured(name, round, Measurements.of(recorder.samples(), elapsed), decided, watch.since(mark));
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
