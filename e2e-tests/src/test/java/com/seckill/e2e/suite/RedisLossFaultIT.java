package com.seckill.e2e.suite;

import com.seckill.launcher.Service;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static com.seckill.e2e.suite.RunningSuite.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault scenario 4 (docs/reliability.md): Redis restarted empty mid-sale. The suite runs on a redis-server
 * of this test's own, killed with kill -9 under load and started again without its data. While the live
 * stock is missing, orders are refused with 503 and nothing is reserved; inventory-service rebuilds it
 * from MySQL by itself, and the sale goes on to its last unit without selling one twice, nobody over the
 * limit, and every buyer who asks again with the same Idempotency-Key learning the truth. A suite of its
 * own (not FaultSuiteIT's), so the other scenarios keep the machine's Redis. Run by {@code ./mvnw verify -Pfaults}.
 */
class RedisLossFaultIT {

    private static final int UNITS = 300;
    /** inventory-service's default SECKILL_STOCK_RECOVERY_GRACE: no rebuild sooner after the loss. */
    private static final Duration GRACE = Duration.ofSeconds(5);
    private static PrivateRedis redis;

    @BeforeAll
    static void upTheSuite() throws Exception {
        assumeThat(PrivateRedis.available()).as("redis-server installed").isTrue();
        redis = PrivateRedis.start();
        RunningSuite.up(Map.of("SECKILL_REDIS_URL", redis.url(),
                // every unit a buyer takes stays taken while the scenario runs, so "no oversell" is exact
                "SECKILL_PAYMENT_TIMEOUT", "PT10M"));
    }

    @AfterAll
    static void downTheSuite() {
        try {
            RunningSuite.down();
        } finally {
            if (redis != null) {
                redis.close();
            }
        }
    }

    @Test
    void redisRestartedEmptyMidSaleRefusesUntilRebuiltThenSellsOnWithoutOversell() throws Exception {
        String admin = "Bearer " + login(ADMIN, ADMIN_PASSWORD);
        String activityId = createLoadedSale(admin, UNITS);
        String stockKey = "seckill:stock:{" + activityId + "}";
        String rows = "FROM orders WHERE activity_id = " + activityId;

        List<Future<Attempt>> burst = buyTogether(activityId, "redis-loss", 1_500, 100);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> Long.parseLong(redis("GET", stockKey)) <= UNITS * 2 / 3);
        redis.killAndStartEmpty();
        long lostAt = System.nanoTime();

        // When the stock is back: watched from the loss on, so the figure does not wait for the probes.
        CompletableFuture<Duration> rebuilt = CompletableFuture.supplyAsync(() -> {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> redis("GET", stockKey) != null);
            return Duration.ofNanos(System.nanoTime() - lostAt);
        });

        // While the live stock is missing: a prompt 503 with Retry-After, nothing reserved; never a 202.
        List<Attempt> duringGap = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger refusedInGap = new AtomicInteger();
        ExecutorService probes = Executors.newFixedThreadPool(5);
        List<Future<?>> probing = new ArrayList<>();
        for (int p = 0; p < 5; p++) {
            int prober = p;
            probing.add(probes.submit(() -> {
                for (int i = 0; i < 4; i++) {
                    Attempt attempt = attempt("e2e-redis-gap-" + activityId + "-" + prober + "-" + i);
                    Attempt answered = again(activityId, attempt);
                    duringGap.add(answered);
                    HttpResponse<String> answer = answered.answer();
                    if (redis("GET", stockKey) == null) {
                        // the counter was missing from before the question until after the answer
                        assertThat(answer).as("an answer while the stock is missing").isNotNull();
                        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
                        assertProblem(answer, "SERVICE_UNAVAILABLE");
                        assertThat(answer.headers().firstValue("Retry-After")).as("503 says when to ask again").isPresent();
                        assertThat(redis("EXISTS", "seckill:bought:{" + activityId + "}")).as("a refusal reserves nothing").isEqualTo("0");
                        refusedInGap.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> probe : probing) {
            probe.get();
        }
        probes.shutdown();
        // (on a box busy with the burst a probe may be answered only after the rebuild: then it was a true answer)
        // ...until inventory-service has rebuilt it from MySQL by itself.
        Duration recovered = rebuilt.get();
        assertThat(recovered).as("not before the grace").isGreaterThanOrEqualTo(GRACE);

        List<Attempt> answered = new ArrayList<>(answers(burst));
        answered.addAll(duringGap);
        answered.forEach(RedisLossFaultIT::assertNeverWronglyRefused);
        long refused503 = answered.stream().filter(a -> a.answer() != null && a.answer().statusCode() == 503).count();
        // The operator's signals: the loss, the sale's refusals while its stock was missing, its rebuild.
        assertThat(metric(Service.INVENTORY, "seckill_stock_redis_data_lost_total", "")).as("loss reported").isEqualTo(1.0);
        assertThat(metric(Service.INVENTORY, "seckill_stock_recoveries_total", "result=\"rebuilt\"")).as("sale rebuilt").isEqualTo(1.0);
        assertThat(metric(Service.ORDER, "seckill_orders_placed_total", "outcome=\"not_loaded\"")).as("orders refused 503 in the gap")
                .isPositive();
        List<String> accepted = answered.stream().filter(Attempt::accepted).map(Attempt::orderId).toList();
        List<Attempt> undecided = answered.stream().filter(Attempt::undecided).toList();
        assertThat(undecided.stream().filter(a -> a.answer() != null))
                .as("a 5xx during the gap is a 503, never a 500").allSatisfy(a -> assertThat(a.answer().statusCode()).isEqualTo(503));
        List<String> known = new ArrayList<>(accepted);
        // Their keys may have placed an order before the loss (its answer lost): a retry finds it, never
        // ALREADY_PURCHASED (retryUntilDecided takes 202 or SOLD_OUT only).
        List<String> foundOrPlaced = retryUntilDecided(activityId, undecided);
        known.addAll(foundOrPlaced);
        // ...and the rest of the units go to new buyers.
        List<Attempt> after = answers(buyTogether(activityId, "redis-loss-after", UNITS, 50));
        after.forEach(RedisLossFaultIT::assertNeverWronglyRefused);
        known.addAll(after.stream().filter(Attempt::accepted).map(Attempt::orderId).toList());
        known.addAll(retryUntilDecided(activityId, after.stream().filter(Attempt::undecided).toList()));

        awaitStockSettled(admin, activityId, Duration.ofSeconds(120));
        assertExactlyTheseOrders(rows, known);
        assertThat(known).as("the sale went on after the rebuild to its last unit, none sold twice").hasSize(UNITS);
        assertThat(redis("GET", stockKey)).as("no unit left, none stranded").isEqualTo("0");
        System.out.printf("Redis restarted empty mid-sale: %d requests, %d answered 202 at once, %d told 5xx or nothing "
                        + "(%d of them 503; %d of 20 probes answered while the stock was missing, each a 503; %.0f orders refused for the missing stock), %d found or placed by a retry with the key, %d orders in MySQL; "
                        + "stock rebuilt %.1f s after the loss%n",
                answered.size() + after.size(), accepted.size() + after.stream().filter(Attempt::accepted).count(),
                undecided.size() + after.stream().filter(Attempt::undecided).count(), refused503, refusedInGap.get(),
                metric(Service.ORDER, "seckill_orders_placed_total", "outcome=\"not_loaded\""), foundOrPlaced.size(), known.size(),
                recovered.toMillis() / 1000.0);
    }

    /** A counter of a service, as Prometheus scrapes it: the sum of its samples whose labels contain {@code labels}. */
    private static double metric(Service service, String name, String labels) throws Exception {
        HttpResponse<String> scrape = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                "http://127.0.0.1:" + suite.config().port(service) + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
        return scrape.body().lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .filter(line -> line.contains(labels))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private static Attempt attempt(String user) {
        return new Attempt("Bearer " + TestJwts.shopper(JWT_SECRET, user), UUID.randomUUID().toString(), null);
    }

    /**
     * Every buyer here is new to the sale, so a limit refusal is wrong; SOLD_OUT is true only once the
     * sale has sold out, which the end of the test checks (every unit in exactly one order).
     */
    private static void assertNeverWronglyRefused(Attempt attempt) {
        HttpResponse<String> answer = attempt.answer();
        if (answer != null && answer.statusCode() == 409) {
            assertProblem(answer, "SOLD_OUT");
        }
        if (answer != null && answer.statusCode() < 500 && answer.statusCode() != 409) {
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        }
    }
}
