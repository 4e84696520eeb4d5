package com.seckill.e2e.suite;

import com.seckill.launcher.Service;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;

import static com.seckill.e2e.suite.RunningSuite.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * What if this process dies right here? Each scenario puts a sale under load through the gateway, takes
 * a part of the suite away in the middle, brings it back, and then checks in MySQL and Redis what the
 * suite promises (docs/reliability.md): every order answered 202 is in MySQL exactly once, every unit is
 * in an order or back on sale (the admin stock check drained and consistent), nobody holds more than the
 * limit, and a buyer who heard a 5xx or nothing and asks again with the same Idempotency-Key learns the
 * truth. Run by {@code ./mvnw verify -Pfaults}; order-service's kill -9 is in {@link SuiteEndToEndIT}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuiteIT {

    /** The consumer's write cap here: a backlog of a thousand orders takes long enough to kill it mid-drain. */
    private static final int DRAIN_PER_SECOND = 100;

    @BeforeAll
    static void upTheSuite() throws Exception {
        RunningSuite.up(Map.of("SECKILL_DRAIN_MAX_ORDERS_PER_SECOND", Integer.toString(DRAIN_PER_SECOND),
                // No unit goes back on sale by a payment time-out while a scenario runs (a slow box takes
                // minutes): every unit a scenario sees taken stays taken, so "no oversell" is exact.
                "SECKILL_PAYMENT_TIMEOUT", "PT10M"));
    }

    @AfterAll
    static void downTheSuite() {
        RunningSuite.down();
    }

    @Test
    @Order(1)
    void orderConsumerKilledMidDrainWritesEveryAcceptedOrderOnceAfterItsRestart() throws Exception {
        String admin = "Bearer " + login(ADMIN, ADMIN_PASSWORD);
        int buyers = 1_000;
        String activityId = createLoadedSale(admin, buyers);
        String rows = "FROM orders WHERE activity_id = " + activityId;

        List<Future<Attempt>> attempts = buyTogether(activityId, "drain-kill", buyers, 50);
        // Orders come in faster than the capped consumer writes them: a backlog builds in the broker.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> queryLong(ORDER_DB, "SELECT COUNT(*) " + rows) >= buyers / 5);
        kill(Service.ORDER_CONSUMER);
        long written = queryLong(ORDER_DB, "SELECT COUNT(*) " + rows);
        List<Attempt> answered = answers(attempts);
        long killedAt = System.nanoTime();
        restart(Service.ORDER_CONSUMER);

        List<String> accepted = new ArrayList<>(answered.stream().filter(Attempt::accepted).map(Attempt::orderId).toList());
        assertThat(written).as("killed mid-drain").isLessThan(accepted.size());
        // The order path does not need the consumer: every buyer gets a unit, at once or (a lost answer on a
        // busy box) by asking again with the same key.
        accepted.addAll(retryUntilDecided(activityId, answered.stream().filter(a -> !a.accepted()).toList()));
        assertThat(accepted).as("every buyer got a unit").hasSize(buyers);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> queryLong(ORDER_DB, "SELECT COUNT(*) " + rows) == accepted.size());
        Duration recovered = Duration.ofNanos(System.nanoTime() - killedAt);
        assertExactlyTheseOrders(rows, accepted);
        awaitStockSettled(admin, activityId, Duration.ofSeconds(60));
        assertThat(redis("GET", "seckill:stock:{" + activityId + "}")).as("no unit left, none sold twice").isEqualTo("0");
        System.out.printf("consumer kill -9 mid-drain: %d accepted (%d on a retry), %d written before the kill, all written once %.1f s after it%n",
                accepted.size(), answered.stream().filter(a -> !a.accepted()).count(), written, recovered.toMillis() / 1000.0);
    }

    @Test
    @Order(2)
    void brokerStoppedMidBurstRefusesPromptlyReservesNothingAndLosesNoAcceptedOrder() throws Exception {
        assumeThat(suite.plan().redis().embedded() || suite.plan().mysql().embedded())
                .as("Redis and MySQL run outside the infra JVM (as in CI); stopping it must stop only the broker").isFalse();
        String admin = "Bearer " + login(ADMIN, ADMIN_PASSWORD);
        String activityId = createLoadedSale(admin, 300);
        String stockKey = "seckill:stock:{" + activityId + "}";
        String rows = "FROM orders WHERE activity_id = " + activityId;

        List<Future<Attempt>> burst = buyTogether(activityId, "broker-stop", 1_500, 100);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> Long.parseLong(redis("GET", stockKey)) <= 200);
        suite.stop(Service.INFRA, false);
        long stoppedAt = System.nanoTime();
        List<Attempt> answered = answers(burst);
        // order-service notices within its probe interval, whether or not a send of its own failed
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> orderServiceMetric("seckill_orders_broker_gate_open").equals("0.0"));

        // During the outage: a prompt 503, and nothing taken from the stock.
        String before = redis("GET", stockKey);
        for (int i = 0; i < 20; i++) {
            long started = System.nanoTime();
            HttpResponse<String> refused = tryToBuyOrNoAnswer(activityId,
                    "Bearer " + TestJwts.shopper(JWT_SECRET, "e2e-outage-" + activityId + "-" + i), UUID.randomUUID().toString());
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(refused).isNotNull();
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertProblem(refused, "SERVICE_UNAVAILABLE");
            assertThat(took).as("refused before anything is reserved, not after a time-out").isLessThan(Duration.ofSeconds(2));
        }
        assertThat(redis("GET", stockKey)).as("refusals during the outage reserve nothing").isEqualTo(before);

        restart(Service.INFRA);
        Attempt afterwards = new Attempt("Bearer " + TestJwts.shopper(JWT_SECRET, "e2e-after-outage-" + activityId),
                UUID.randomUUID().toString(), null);
        List<String> placedAfterwards = retryUntilDecided(activityId, List.of(afterwards));
        Duration recovered = Duration.ofNanos(System.nanoTime() - stoppedAt);

        List<String> accepted = new ArrayList<>(answered.stream().filter(Attempt::accepted).map(Attempt::orderId).toList());
        assertThat(accepted).as("some buyers were answered before the stop").isNotEmpty();
        List<Attempt> undecided = answered.stream().filter(Attempt::undecided).toList();
        List<String> known = new ArrayList<>(accepted);
        known.addAll(retryUntilDecided(activityId, undecided));
        known.addAll(placedAfterwards);
        awaitStockSettled(admin, activityId, Duration.ofSeconds(90));
        assertExactlyTheseOrders(rows, known);
        assertThat(queryLong(ORDER_DB, "SELECT COUNT(*) " + rows)).as("no oversell").isLessThanOrEqualTo(300);
        System.out.printf("broker stopped mid-burst: %d answered 202 before, %d told 5xx or nothing, %d orders in MySQL; "
                + "orders taken again %.1f s after the stop%n", accepted.size(), undecided.size(), known.size(), recovered.toMillis() / 1000.0);
    }
}
