package com.seckill.e2e.suite;

import com.seckill.launcher.Service;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static com.seckill.e2e.suite.RunningSuite.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fault suite's network faults (docs/reliability.md): parts of the suite reach a server through a
 * {@link TcpProxy} that the test cuts or slows down, while the processes themselves stay up. The whole
 * suite reaches MySQL through one proxy; order-service reaches inventory-service through another
 * (inventory advertises the proxy's port in Eureka). The checks afterwards are the fault suite's: every
 * order answered 202 is in MySQL exactly once, every unit is in an order or back on sale, nobody holds
 * more than the limit. Run by {@code ./mvnw verify -Pfaults}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NetworkFaultSuiteIT {

    /** The consumer's write cap here: the backlog of a thousand orders is still draining when MySQL goes. */
    private static final int DRAIN_PER_SECOND = 50;
    private static final Duration MYSQL_OUTAGE = Duration.ofSeconds(30);
    /** Far past order-service's read time-out on inventory (1.5 s): every call in the slow spell fails. */
    private static final Duration INVENTORY_LATENCY = Duration.ofSeconds(3);
    // order-service's Feign breaker on InventoryClient#reserve(Batch), as Spring Cloud names it
    private static final String RESERVE_BREAKER = "name=\"InventoryClientreserveBatch\"";

    private static TcpProxy mysqlProxy;
    private static TcpProxy inventoryProxy;

    @BeforeAll
    static void upTheSuiteBehindProxies() throws Exception {
        URI mysql = URI.create(System.getenv().getOrDefault("SECKILL_MYSQL_URL", "jdbc:mysql://127.0.0.1:3306").substring("jdbc:".length()));
        mysqlProxy = TcpProxy.to(mysql.getHost(), () -> mysql.getPort() == -1 ? 3306 : mysql.getPort());
        // inventory's own port is picked by up(); the proxy reads it once connections come
        inventoryProxy = TcpProxy.to("127.0.0.1", () -> suite.config().port(Service.INVENTORY));
        RunningSuite.up(Map.of("SECKILL_DRAIN_MAX_ORDERS_PER_SECOND", Integer.toString(DRAIN_PER_SECOND),
                // Every unit a scenario sees taken stays taken (no payment time-out while it runs): "no oversell" is exact.
                "SECKILL_PAYMENT_TIMEOUT", "PT10M",
                "SECKILL_MYSQL_URL", "jdbc:mysql://127.0.0.1:" + mysqlProxy.port(),
                // Found in Eureka at the proxy's port; the launcher's health checks still use its own.
                "SECKILL_INVENTORY_SERVICE_JAVA_OPTS", "-Deureka.instance.non-secure-port=" + inventoryProxy.port()));
        // The test's own reads go straight to MySQL: they must work while the suite's way there is cut.
        checksMysqlUrl = "jdbc:mysql://" + mysql.getHost() + ":" + (mysql.getPort() == -1 ? 3306 : mysql.getPort());
    }

    @AfterAll
    static void downTheSuite() {
        RunningSuite.down();
        if (mysqlProxy != null) {
            mysqlProxy.close();
        }
        if (inventoryProxy != null) {
            inventoryProxy.close();
        }
    }

    @Test
    @Order(1)
    void mysqlUnreachableMidDrainDeadLettersNothingAndTheDrainCatchesUp() throws Exception {
        String admin = "Bearer " + login(ADMIN, ADMIN_PASSWORD);
        int buyers = 1_000;
        String activityId = createLoadedSale(admin, buyers);
        String rows = "FROM orders WHERE activity_id = " + activityId;
        long consumerPid = pidOf(Service.ORDER_CONSUMER);

        List<Future<Attempt>> attempts = buyTogether(activityId, "mysql-cut", buyers, 50);
        // Orders come in faster than the capped consumer writes them: a backlog builds in the broker.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> queryLong(ORDER_DB, "SELECT COUNT(*) " + rows) >= buyers / 5);
        mysqlProxy.cut();
        long written;
        long writtenDuringOutage;
        try {
            written = queryLong(ORDER_DB, "SELECT COUNT(*) " + rows);
            // As long as MySQL is away the consumer stays up and keeps every message: nothing dead-lettered.
            await().during(MYSQL_OUTAGE).atMost(MYSQL_OUTAGE.plusSeconds(10)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> pidOf(Service.ORDER_CONSUMER) == consumerPid
                            && metricSum(Service.ORDER_CONSUMER, "seckill_orders_dead_lettered_total") == 0);
            writtenDuringOutage = queryLong(ORDER_DB, "SELECT COUNT(*) " + rows) - written;
        } finally {
            mysqlProxy.restore();
        }
        long restoredAt = System.nanoTime();
        List<Attempt> answered = answers(attempts);
        List<String> accepted = new ArrayList<>(answered.stream().filter(Attempt::accepted).map(Attempt::orderId).toList());
        assertThat(written).as("cut mid-drain").isLessThan(accepted.size());

        // Buyers the cut left without an answer learn it now with their key (the order path reads sales from MySQL too).
        accepted.addAll(retryUntilDecided(activityId, answered.stream().filter(a -> !a.accepted()).toList()));
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                .until(() -> queryLong(ORDER_DB, "SELECT COUNT(*) " + rows) >= accepted.size());
        Duration caughtUp = Duration.ofNanos(System.nanoTime() - restoredAt);
        assertExactlyTheseOrders(rows, accepted);
        awaitStockSettled(admin, activityId, Duration.ofSeconds(60));
        assertThat(redis("GET", "seckill:stock:{" + activityId + "}")).as("no unit left, none sold twice").isEqualTo("0");
        assertThat(metricSum(Service.ORDER_CONSUMER, "seckill_orders_dead_lettered_total")).as("nothing dead-lettered").isZero();
        assertThat(pidOf(Service.ORDER_CONSUMER)).as("the consumer rode the outage out in the same process").isEqualTo(consumerPid);
        System.out.printf("MySQL cut for %d s mid-drain: %d accepted (%d on a retry), %d written before the cut, %d during it; "
                        + "all written once %.1f s after the restore (the rest at the cap: %.1f s)%n",
                MYSQL_OUTAGE.toSeconds(), accepted.size(), answered.stream().filter(a -> !a.accepted()).count(), written,
                writtenDuringOutage, caughtUp.toMillis() / 1000.0, (accepted.size() - written) / (double) DRAIN_PER_SECOND);
    }

    @Test
    @Order(2)
    void slowInventoryIsRefusedPromptlyOnceTheBreakerOpensAndOrdersAreTakenAgainWhenItRecovers() throws Exception {
        String admin = "Bearer " + login(ADMIN, ADMIN_PASSWORD);
        int units = 300;
        String activityId = createLoadedSale(admin, units);
        String rows = "FROM orders WHERE activity_id = " + activityId;
        List<Attempt> all = new ArrayList<>(answers(buyTogether(activityId, "before-slow", 50, 10)));
        assertThat(metricSamples(Service.ORDER, "resilience4j_circuitbreaker_state")).as("order-service shows its breaker on inventory")
                .anyMatch(sample -> sample.contains(RESERVE_BREAKER));

        List<TimedAttempt> slow = new ArrayList<>();
        List<TimedAttempt> refused = new ArrayList<>();
        Duration openedAfter;
        Duration slowestWhileSlow;
        inventoryProxy.delayAnswers(INVENTORY_LATENCY);
        long slowSince = System.nanoTime();
        try {
            // Buyers keep coming, ten at a time, until order-service stops calling the slow inventory.
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> {
                slow.addAll(timedBuyTogether(activityId, "slow-" + slow.size(), 10));
                return reserveBreaker("open") == 1;
            });
            openedAfter = Duration.ofNanos(System.nanoTime() - slowSince);
            System.out.printf("while inventory is slow, breaker open after %d ms; answers (status/ms): %s%n", openedAfter.toMillis(),
                    slow.stream().map(TimedAttempt::describe).toList());
            for (TimedAttempt each : slow) {
                assertThat(each.attempt().answer()).as("an answer while inventory is slow").isNotNull();
                assertThat(each.attempt().answer().statusCode()).as(each.attempt().answer().body()).isEqualTo(503);
                assertProblem(each.attempt().answer(), "SERVICE_UNAVAILABLE");
            }
            slowestWhileSlow = slow.stream().map(TimedAttempt::took).max(Duration::compareTo).orElseThrow();
            // Before the breaker opens, a batch whose reservation timed out releases its orders one call each
            // through the slow inventory, and its buyers are answered by order-service's own limit at the latest
            // (SECKILL_ORDER_ANSWER_WITHIN, 9 s here): still before the gateway gives up on them.
            assertThat(slowestWhileSlow).as("answered before the gateway's 12 s on the order route").isLessThan(Duration.ofSeconds(12));

            // The breaker open: refused at once, and nothing reserved for the refused.
            refused.addAll(timedBuyTogether(activityId, "breaker-open", 20));
            System.out.printf("breaker open, answers (status/ms): %s%n", refused.stream().map(TimedAttempt::describe).toList());
            assertThat(reserveBreaker("open")).as("still open").isEqualTo(1);
            for (TimedAttempt each : refused) {
                Attempt attempt = each.attempt();
                assertThat(attempt.answer()).isNotNull();
                assertThat(attempt.answer().statusCode()).as(attempt.answer().body()).isEqualTo(503);
                assertProblem(attempt.answer(), "SERVICE_UNAVAILABLE");
                assertThat(each.took()).as("refused by the open breaker, not after a time-out").isLessThan(Duration.ofSeconds(2));
                String user = subjectOf(attempt.bearer().substring("Bearer ".length()));
                assertThat(redis("HGET", "seckill:idempotency:{" + activityId + "}", user + ":" + attempt.key()))
                        .as("no reservation under a refused buyer's key").isNull();
                assertThat(redis("HGET", "seckill:bought:{" + activityId + "}", user)).as("no unit held by a refused buyer").isIn(null, "0");
            }
        } finally {
            inventoryProxy.delayAnswers(Duration.ZERO);
        }
        long recoveredAt = System.nanoTime();
        List<String> known = new ArrayList<>(retryUntilDecided(activityId, List.of(new Attempt(
                "Bearer " + TestJwts.shopper(JWT_SECRET, "e2e-after-slow-" + activityId), UUID.randomUUID().toString(), null))));
        Duration takenAgain = Duration.ofNanos(System.nanoTime() - recoveredAt);
        slow.forEach(each -> all.add(each.attempt()));
        refused.forEach(each -> all.add(each.attempt()));
        known.addAll(all.stream().filter(Attempt::accepted).map(Attempt::orderId).toList());
        List<Attempt> undecided = all.stream().filter(a -> !a.accepted()).toList();
        known.addAll(retryUntilDecided(activityId, undecided));
        // Half-open, the breaker closes on enough good calls: the retries are those, or else a few more buyers.
        List<Attempt> closingBuyers = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (reserveBreaker("closed") == 1) {
                return true;
            }
            closingBuyers.addAll(answers(buyTogether(activityId, "closing-" + closingBuyers.size(), 5, 5)));
            return false;
        });
        Duration closedAfter = Duration.ofNanos(System.nanoTime() - recoveredAt);
        known.addAll(closingBuyers.stream().filter(Attempt::accepted).map(Attempt::orderId).toList());
        known.addAll(retryUntilDecided(activityId, closingBuyers.stream().filter(a -> !a.accepted()).toList()));

        awaitStockSettled(admin, activityId, Duration.ofSeconds(90));
        assertExactlyTheseOrders(rows, known);
        assertThat(known.size()).as("no oversell").isLessThanOrEqualTo(units);
        assertThat(Long.parseLong(redis("GET", "seckill:stock:{" + activityId + "}"))).as("every unit in an order or on sale")
                .isEqualTo(units - known.size());
        System.out.printf("inventory slow (%d ms on every answer): %d buyers while slow (all 503, slowest %d ms), breaker open after %.1f s; "
                        + "%d refused while open (slowest %d ms, nothing reserved); orders taken again %.1f s after the latency went, "
                        + "breaker closed after %.1f s; %d requests in all, %d answered 202 at once, %d 5xx or no answer, %d orders in MySQL%n",
                INVENTORY_LATENCY.toMillis(), slow.size(), slowestWhileSlow.toMillis(), openedAfter.toMillis() / 1000.0, refused.size(),
                refused.stream().map(TimedAttempt::took).max(Duration::compareTo).orElseThrow().toMillis(), takenAgain.toMillis() / 1000.0,
                closedAfter.toMillis() / 1000.0, all.size() + closingBuyers.size() + 1,
                all.stream().filter(Attempt::accepted).count() + closingBuyers.stream().filter(Attempt::accepted).count(),
                undecided.size() + closingBuyers.stream().filter(Attempt::undecided).count(), known.size());
    }

    /** One buyer's attempt and how long its answer took. */
    private record TimedAttempt(Attempt attempt, Duration took) {

        String describe() {
            return (attempt.answer() == null ? "none" : Integer.toString(attempt.answer().statusCode())) + "/" + took.toMillis();
        }
    }

    /** {@code count} new buyers at once, each timed from its token request to its order's answer. */
    private static List<TimedAttempt> timedBuyTogether(String activityId, String prefix, int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            List<Future<TimedAttempt>> attempts = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String bearer = "Bearer " + TestJwts.shopper(JWT_SECRET, "e2e-" + prefix + "-" + activityId + "-" + i);
                String key = UUID.randomUUID().toString();
                attempts.add(pool.submit(() -> {
                    long started = System.nanoTime();
                    Attempt answered = again(activityId, new Attempt(bearer, key, null));
                    return new TimedAttempt(answered, Duration.ofNanos(System.nanoTime() - started));
                }));
            }
            List<TimedAttempt> answered = new ArrayList<>();
            for (Future<TimedAttempt> attempt : attempts) {
                answered.add(attempt.get());
            }
            return answered;
        } finally {
            pool.shutdown();
        }
    }

    /** 1 if order-service's breaker on inventory's reservations is in this state (resilience4j's gauge), else 0. */
    private static double reserveBreaker(String state) throws Exception {
        return metricSum(Service.ORDER, "resilience4j_circuitbreaker_state", RESERVE_BREAKER, "state=\"" + state + "\"");
    }

    private static long pidOf(Service service) {
        return suite.status().stream().filter(s -> s.service() == service && s.running()).mapToLong(s -> s.pid()).findFirst().orElse(-1);
    }
}
