package com.seckill.e2e.suite;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import static com.seckill.e2e.suite.RunningSuite.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * "A 5xx means nothing was placed, or a retry finds it", through the whole suite while orders take longer
 * than the gateway waits for them. The suite ({@link RunningSuite}) runs with
 * the order route's time limit cut to half a second and an order-service that places one order at a
 * time, so a burst of buyers queues far past that limit. Every buyer sends an Idempotency-Key and, as the
 * apps do, asks again with it after a 5xx or no answer until it has a decision. Afterwards every order in
 * MySQL is one its buyer was answered 202, the first time or on a retry, and every unit adds up.
 * {@link SuiteEndToEndIT} covers the rest of the suite, with time limits long enough never to be hit.
 */
class OrderDeadlineEndToEndIT {

    static final Duration ORDER_ROUTE_LIMIT = Duration.ofMillis(500);
    static final int UNITS = 150;
    static final int BUYERS = 600;

    @BeforeAll
    static void upTheSuite() throws Exception {
        RunningSuite.up(Map.of(
                // Orders slower than the gateway waits: a short order route, and one order placed at a time.
                "SECKILL_GATEWAY_ORDER_TIMEOUT", ORDER_ROUTE_LIMIT.toMillis() + "ms",
                "SECKILL_GROUP_COMMIT_THREADS", "1",
                "SECKILL_GROUP_COMMIT_MAX_BATCH", "1",
                // In proportion to that half second: answer 0.1 s before the deadline, begin with 0.1 s left.
                "SECKILL_ORDER_DEADLINE_MARGIN", "PT0.1S",
                "SECKILL_ORDER_MIN_BUDGET", "PT0.1S",
                // A breaker opened by the burst lets the retries through again soon.
                "SECKILL_BREAKER_OPEN_FOR", "1s",
                // Not under test here: a buyer asking again every few hundred milliseconds is never refused 429.
                "SECKILL_RATE_LIMIT_USER_PER_SECOND", "100",
                "SECKILL_RATE_LIMIT_USER_BURST", "200"));
    }

    @AfterAll
    static void downTheSuite() {
        RunningSuite.down();
    }

    /** One buyer's first answer (null: none came) and the decision it ended with. */
    record Buyer(String userId, HttpResponse<String> first, HttpResponse<String> last) {

        boolean firstUndecided() {
            return undecided(first);
        }
    }

    @Test
    void ordersDrivenPastTheGatewaysTimeLimitAreEachAnsweredToTheirBuyerOrFoundByARetry() throws Exception {
        String admin = "Bearer " + login(ADMIN, ADMIN_PASSWORD);
        String activityId = createLoadedSale(admin, UNITS);

        ExecutorService pool = Executors.newFixedThreadPool(150);
        List<Future<Buyer>> futures = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        for (int i = 0; i < BUYERS; i++) {
            String userId = "e2e-deadline-" + activityId + "-" + i;
            futures.add(pool.submit(() -> {
                start.await();
                return buyAsTheAppsDo(activityId, userId);
            }));
        }
        start.countDown();
        List<Buyer> buyers = new ArrayList<>();
        for (Future<Buyer> future : futures) {
            buyers.add(future.get());
        }
        pool.shutdown();

        Map<String, String> answered = new HashMap<>(); // order id -> user told 202 at the first try
        Map<String, String> foundByRetry = new HashMap<>(); // order id -> user told 5xx or nothing first, 202 on a retry
        for (Buyer buyer : buyers) {
            assertThat(buyer.last()).as("every buyer ends with a decision").isNotNull();
            assertThat(buyer.last().statusCode()).as(buyer.last().body()).isIn(202, 409);
            if (buyer.last().statusCode() == 409) {
                // ALREADY_PURCHASED or LIMIT_EXCEEDED here would be a buyer holding an order nobody told them of
                assertProblem(buyer.last(), "SOLD_OUT");
            } else {
                (buyer.firstUndecided() ? foundByRetry : answered).put(jsonString(buyer.last().body(), "orderId"), buyer.userId());
            }
        }
        long firstUndecided = buyers.stream().filter(Buyer::firstUndecided).count();
        assertThat(firstUndecided).as("buyers whose first order request ran past the gateway's time limit").isPositive();
        assertThat(buyers).as("order-service answered some itself, for the gateway's deadline, before the gateway gave up")
                .anySatisfy(b -> assertThat(b.first()).isNotNull()
                        .satisfies(first -> assertThat(first.body()).contains("retry with the same Idempotency-Key")));

        // Drained and settled: nothing pending, every unit in an order or back on sale.
        awaitStockSettled(admin, activityId, Duration.ofSeconds(90));
        Map<String, String> told = new HashMap<>(answered);
        told.putAll(foundByRetry);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(buyersOfOrdersInMySql(activityId)).as("every order in MySQL (order id -> buyer) was answered 202 to "
                        + "its buyer, the first time or on a retry with the same key, and every order answered is there")
                        .containsExactlyInAnyOrderEntriesOf(told));
        assertThat(new HashSet<>(told.values())).as("one order per buyer").hasSize(told.size());
        System.out.printf("past the gateway's %d ms: %d buyers, %d answered 5xx or nothing at first, %d orders: %d answered 202 at once, "
                        + "%d found by a retry%n", ORDER_ROUTE_LIMIT.toMillis(), BUYERS, firstUndecided, told.size(), answered.size(),
                foundByRetry.size());
    }

    /**
     * One order with a fresh Idempotency-Key, asked again with the same key after a 5xx or no answer,
     * with a short pause, until decided (or two minutes, a guard against a hang).
     */
    private static Buyer buyAsTheAppsDo(String activityId, String userId) throws Exception {
        String bearer = "Bearer " + TestJwts.shopper(JWT_SECRET, userId);
        String key = UUID.randomUUID().toString();
        HttpResponse<String> first = order(activityId, bearer, key);
        HttpResponse<String> last = first;
        long giveUp = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (undecided(last) && System.nanoTime() < giveUp) {
            Thread.sleep(200 + ThreadLocalRandom.current().nextInt(300));
            last = order(activityId, bearer, key);
        }
        return new Buyer(userId, first, last);
    }

    private static boolean undecided(HttpResponse<String> answer) {
        return answer == null || answer.statusCode() >= 500;
    }

    /** The answer, or null when none came (a dropped connection). */
    private static HttpResponse<String> order(String activityId, String bearer, String key) throws Exception {
        try {
            return send(post("/api/activities/" + activityId + "/orders", "{\"quantity\":1}")
                    .header("Authorization", bearer).header("Idempotency-Key", key));
        } catch (IOException e) {
            return null;
        }
    }

    private static Map<String, String> buyersOfOrdersInMySql(String activityId) throws SQLException {
        Map<String, String> buyers = new HashMap<>();
        try (Connection c = connect(ORDER_DB); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT order_id, user_id FROM orders WHERE activity_id = " + activityId)) {
            while (rs.next()) {
                buyers.put(Long.toString(rs.getLong(1)), rs.getString(2));
            }
        }
        return buyers;
    }
}
