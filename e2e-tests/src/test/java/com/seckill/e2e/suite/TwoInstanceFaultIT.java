package com.seckill.e2e.suite;

import com.seckill.launcher.Instance;
import com.seckill.launcher.Service;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

import static com.seckill.e2e.suite.RunningSuite.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 5 of docs/reliability.md: two instances each of order-service and order-consumer-service,
 * as the production overlay runs them, and one of each killed with kill -9 in the middle of a burst
 * through the gateway. Nothing is restarted: the survivors carry the sale. Requests in flight on the
 * dead instance end in an answer (a 5xx the buyer retries with the same key, or the truth); from the
 * kill on, the gateway sends nothing to the dead instance that a buyer would notice; the surviving
 * consumer takes over the dead one's queues; and every order is in MySQL once, under its own id,
 * none over the stock or the limit. Run by {@code ./mvnw verify -Pfaults}.
 */
class TwoInstanceFaultIT {

    private static final int UNITS = 400;
    private static final int BUYERS = 1_500;
    /** Each consumer's write cap: a backlog builds, so the consumer dies with orders it had not written. */
    private static final int DRAIN_PER_SECOND = 5;
    /** How long after the kill a call may still have met the dead instance (sent to it before its end was seen). */
    private static final Duration IN_FLIGHT = Duration.ofSeconds(2);

    private static Instance secondOrderService;
    private static Instance secondConsumer;

    @BeforeAll
    static void upTheSuiteWithTwoOfEach() throws Exception {
        RunningSuite.up(Map.of("SECKILL_DRAIN_MAX_ORDERS_PER_SECOND", Integer.toString(DRAIN_PER_SECOND),
                // nothing goes back on sale by a payment time-out while the scenario runs: "no oversell" is exact
                "SECKILL_PAYMENT_TIMEOUT", "PT10M"));
        secondOrderService = startAnother(Service.ORDER);
        secondConsumer = startAnother(Service.ORDER_CONSUMER);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(upInstances("ORDER-SERVICE")).isEqualTo(2);
            assertThat(upInstances("ORDER-CONSUMER-SERVICE")).isEqualTo(2);
        });
        // The gateway sends to the second order-service once its registry copy and load-balancer cache know it.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            assertThat(send(get("/api/orders").header("Authorization", newShopper())).statusCode()).isEqualTo(200);
            return metricSum(secondOrderService, "http_server_requests_seconds_count", "uri=\"/api/orders\"") > 0;
        });
    }

    @AfterAll
    static void downTheSuite() {
        RunningSuite.down();
    }

    @Test
    void oneOfEachKilledMidBurstLosesNoOrderDuplicatesNoneAndTheGatewayStopsSendingToTheDeadOne() throws Exception {
        String admin = "Bearer " + login(ADMIN, ADMIN_PASSWORD);
        String activityId = createLoadedSale(admin, UNITS);
        String stockKey = "seckill:stock:{" + activityId + "}";
        String rows = "FROM orders WHERE activity_id = " + activityId;

        List<Future<Attempt>> burst = buyTogether(activityId, "two", BUYERS, 100);
        // A third sold, and orders the consumers have not written yet (their write cap is below the sale's pace).
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20))
                .until(() -> unwritten(stockKey, rows) >= 20 && Long.parseLong(redis("GET", stockKey)) <= UNITS * 2 / 3);
        long backlog = unwritten(stockKey, rows);
        kill(secondOrderService);
        kill(secondConsumer);
        long killedAt = System.nanoTime();

        // While the burst goes on: calls to order-service (a read, any buyer) through the gateway, one after the other.
        CompletableFuture<List<FailedCall>> afterTheKill = CompletableFuture.supplyAsync(
                () -> callOrderServiceFor(Duration.ofSeconds(15), killedAt));
        List<Attempt> answered = answers(burst);
        List<FailedCall> failedCalls = afterTheKill.get();
        Duration eurekaForgot = awaitEurekaForgets(killedAt);

        assertThat(answered).filteredOn(a -> !a.accepted() && !a.undecided())
                .allSatisfy(a -> assertThat(a.answer().statusCode()).as(a.answer().body()).isEqualTo(409));
        List<Attempt> undecided = answered.stream().filter(Attempt::undecided).toList();
        List<String> known = new ArrayList<>(answered.stream().filter(Attempt::accepted).map(Attempt::orderId).toList());
        known.addAll(retryUntilDecided(activityId, undecided));

        // the one consumer left drains the backlog at its cap
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
                .until(() -> queryLong(ORDER_DB, "SELECT COUNT(*) " + rows) >= known.size());
        reportOrdersUnknownToTheirBuyers(activityId, rows, known, answered);
        assertExactlyTheseOrders(rows, known);
        Duration allWritten = Duration.ofNanos(System.nanoTime() - killedAt);
        awaitStockSettled(admin, activityId, Duration.ofSeconds(90));
        assertThat(known.size() + Long.parseLong(redis("GET", stockKey))).as("every unit sold once or back on sale").isEqualTo(UNITS);
        assertThat(queryLong(ORDER_DB, "SELECT COUNT(DISTINCT (order_id >> 12) & 1023) " + rows))
                .as("both order-services minted orders, each under its own worker id").isEqualTo(2);
        System.out.printf("two of each, one of each killed mid-burst: %d buyers, %d orders (%d answered 5xx or nothing, all"
                        + " found or refused by retrying), %d orders not yet written at the kill; calls after the kill that"
                        + " failed: %s; every order written %.1f s after the kill; Eureka dropped the dead instances %.1f s after it%n",
                BUYERS, known.size(), undecided.size(), backlog, failedCalls, allWritten.toMillis() / 1000.0,
                eurekaForgot.toMillis() / 1000.0);
        // Requests in flight on the dead instance fail (503, the buyer retries with the key); from then on
        // the gateway sends nothing there that a caller would notice.
        assertThat(failedCalls).as("calls through the gateway that failed more than %s after the kill", IN_FLIGHT)
                .allSatisfy(f -> assertThat(f.after()).isLessThan(IN_FLIGHT));
    }

    record FailedCall(Duration after, String answer) {
        @Override
        public String toString() {
            return answer + " after " + after.toMillis() + " ms";
        }
    }

    /** What the buyers of orders nobody was told of heard, and hear now when they ask again with their key. */
    private static void reportOrdersUnknownToTheirBuyers(String activityId, String rows, List<String> known, List<Attempt> answered)
            throws Exception {
        try (var c = connect(ORDER_DB); var st = c.createStatement(); var rs = st.executeQuery(
                "SELECT order_id, user_id, created_at, (order_id >> 12) & 1023 " + rows + " AND order_id NOT IN (" + String.join(",", known) + ")")) {
            while (rs.next()) {
                String user = rs.getString(2);
                Attempt first = answered.get(Integer.parseInt(user.substring(user.lastIndexOf('-') + 1)));
                HttpResponse<String> again = again(activityId, first).answer();
                System.out.printf("order %s of %s (worker %d, created %s) unknown to its buyer: first heard %s, now %s%n",
                        rs.getString(1), user, rs.getInt(4), rs.getString(3),
                        first.answer() == null ? "nothing" : first.answer().statusCode() + " " + first.answer().body(),
                        again == null ? "nothing" : again.statusCode() + " " + again.body());
            }
        }
    }

    /** Calls GET /api/orders as a new shopper each time for {@code duration}; those that did not answer 200, when sent. */
    private static List<FailedCall> callOrderServiceFor(Duration duration, long killedAt) {
        List<FailedCall> failed = new ArrayList<>();
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            Duration sent = Duration.ofNanos(System.nanoTime() - killedAt);
            try {
                HttpResponse<String> r = send(get("/api/orders").header("Authorization", newShopper()));
                if (r.statusCode() != 200) {
                    failed.add(new FailedCall(sent, Integer.toString(r.statusCode())));
                }
            } catch (Exception e) {
                failed.add(new FailedCall(sent, e.toString()));
            }
        }
        return failed;
    }

    /** Units taken and not (yet) in MySQL as orders. */
    private static long unwritten(String stockKey, String rows) throws Exception {
        return UNITS - Long.parseLong(redis("GET", stockKey)) - queryLong(ORDER_DB, "SELECT COUNT(*) " + rows);
    }

    private static Duration awaitEurekaForgets(long killedAt) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> upInstances("ORDER-SERVICE") == 1 && upInstances("ORDER-CONSUMER-SERVICE") == 1);
        return Duration.ofNanos(System.nanoTime() - killedAt);
    }

    private static String newShopper() {
        return "Bearer " + TestJwts.shopper(JWT_SECRET, "e2e-reader-" + System.nanoTime());
    }

    private static long upInstances(String app) throws Exception {
        HttpResponse<String> apps = http.send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + suite.config().port(Service.REGISTRY) + "/eureka/apps/" + app))
                .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        return apps.statusCode() != 200 ? 0 : Pattern.compile("\"status\":\"UP\"").matcher(apps.body()).results().count();
    }
}
