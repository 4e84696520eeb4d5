package com.seckill.inventory.reservation;

import com.seckill.inventory.InventoryTestServers;
import com.seckill.inventory.reservation.ReservationResult.Status;
import com.seckill.inventory.stock.StockKeys;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Undoing reservations on the real Redis: units come back exactly once, the buyer may buy again (with
 * the same idempotency key), a release that overtakes its reservation fences the order id off; and the
 * lookup the broker's check-back asks.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReleaseIT {

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        InventoryTestServers.registerWithoutLedger(registry);
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    StockReservations reservations;

    @Autowired
    StockReleases releases;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    JsonMapper json;

    @Autowired
    MeterRegistry meters;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Long> activities = new ArrayList<>();

    @AfterEach
    void cleanRedis() {
        activities.forEach(id -> redis.delete(StockKeys.all(id)));
    }

    @Test
    void aReleasePutsTheUnitsBackAndTheBuyerMayBuyAgainWithTheSameKey() {
        long id = loadedActivity(10);
        assertThat(reservations.reserve(id, new ReservationRequest("o1", "u1", 2, 2, "key-1")))
                .isEqualTo(new ReservationResult(Status.OK, "o1", 8L));

        ReleaseResult released = releases.release(id, "o1");

        assertThat(released).isEqualTo(new ReleaseResult("o1", ReleaseResult.Status.RELEASED, 10L));
        assertThat(redis.opsForValue().get(StockKeys.remaining(id))).isEqualTo("10");
        assertThat(redis.opsForHash().hasKey(StockKeys.bought(id), "u1")).as("the user's units are back to 0").isFalse();
        assertThat(redis.opsForHash().hasKey(StockKeys.reservations(id), "o1")).isFalse();
        assertThat(redis.opsForHash().hasKey(StockKeys.idempotency(id), "u1:key-1")).isFalse();
        assertThat(reservedUnits(id)).isZero();
        // the limit counts again from 0, and the same key is a new purchase, not a replay of o1
        assertThat(reservations.reserve(id, new ReservationRequest("o2", "u1", 2, 2, "key-1")))
                .isEqualTo(new ReservationResult(Status.OK, "o2", 8L));
        assertThat(reservedUnits(id)).isEqualTo(2);
    }

    @Test
    void anIdempotencyKeyWithColonsIsForgottenByTheRelease() {
        long id = loadedActivity(10);
        String key = "checkout:2024:a:b";
        reservations.reserve(id, new ReservationRequest("o1", "u1", 1, 1, key));

        assertThat(releases.release(id, "o1").status()).isEqualTo(ReleaseResult.Status.RELEASED);

        assertThat(reservations.reserve(id, new ReservationRequest("o2", "u1", 1, 1, key)))
                .isEqualTo(new ReservationResult(Status.OK, "o2", 9L));
        assertThat(reservations.reserve(id, new ReservationRequest("o3", "u1", 1, 1, key)))
                .as("a replay of the key now answers the new order")
                .isEqualTo(new ReservationResult(Status.DUPLICATE, "o2", 9L));
    }

    @Test
    void aSecondReleaseReturnsNothing() {
        long id = loadedActivity(10);
        reservations.reserve(id, new ReservationRequest("o1", "u1", 3, 5, null));
        reservations.reserve(id, new ReservationRequest("o2", "u2", 1, 5, null));
        double alreadyBefore = releaseCount("already_released");

        ReleaseResult first = releases.release(id, "o1");
        ReleaseResult second = releases.release(id, "o1");

        assertThat(first).isEqualTo(new ReleaseResult("o1", ReleaseResult.Status.RELEASED, 9L));
        assertThat(second).isEqualTo(new ReleaseResult("o1", ReleaseResult.Status.ALREADY_RELEASED, 9L));
        assertThat(redis.opsForValue().get(StockKeys.remaining(id))).isEqualTo("9");
        assertThat(reservedUnits(id)).isEqualTo(1);
        assertThat(releaseCount("already_released")).isEqualTo(alreadyBefore + 1);
    }

    @Test
    void fiftyConcurrentReleasesOfOneOrderReturnItsUnitsOnce() throws Exception {
        long id = loadedActivity(10);
        reservations.reserve(id, new ReservationRequest("o1", "u1", 4, 5, "k"));

        Map<ReleaseResult.Status, Long> outcomes = raceReleases(50, id, "o1");

        assertThat(outcomes).containsOnlyKeys(ReleaseResult.Status.RELEASED, ReleaseResult.Status.ALREADY_RELEASED)
                .containsEntry(ReleaseResult.Status.RELEASED, 1L)
                .containsEntry(ReleaseResult.Status.ALREADY_RELEASED, 49L);
        assertThat(redis.opsForValue().get(StockKeys.remaining(id))).isEqualTo("10");
        assertThat(reservedUnits(id)).isZero();
    }

    @Test
    void aReleaseThatOvertakesItsReservationFencesTheOrderIdOff() {
        long id = loadedActivity(10);

        ReleaseResult early = releases.release(id, "o1");
        ReservationResult late = reservations.reserve(id, new ReservationRequest("o1", "u1", 1, 1, "k"));

        assertThat(early).isEqualTo(new ReleaseResult("o1", ReleaseResult.Status.NOT_RESERVED, 10L));
        assertThat(late).isEqualTo(new ReservationResult(Status.RELEASED, null, 10L));
        assertThat(redis.opsForValue().get(StockKeys.remaining(id))).isEqualTo("10");
        assertThat(redis.hasKey(StockKeys.bought(id))).isFalse();
        assertThat(redis.hasKey(StockKeys.reservations(id))).isFalse();
        assertThat(redis.hasKey(StockKeys.idempotency(id))).isFalse();
        // still fenced off, and saying so again
        assertThat(releases.release(id, "o1").status()).isEqualTo(ReleaseResult.Status.NOT_RESERVED);
        // the buyer's retry under a new order id goes through
        assertThat(reservations.reserve(id, new ReservationRequest("o2", "u1", 1, 1, "k")).status()).isEqualTo(Status.OK);
    }

    @Test
    void aReleasedOrderIdCannotReserveAgainEvenWithItsOwnKey() {
        long id = loadedActivity(10);
        reservations.reserve(id, new ReservationRequest("o1", "u1", 1, 1, "k"));
        releases.release(id, "o1");

        assertThat(reservations.reserve(id, new ReservationRequest("o1", "u1", 1, 1, "k")))
                .isEqualTo(new ReservationResult(Status.RELEASED, null, 10L));
        assertThat(redis.opsForValue().get(StockKeys.remaining(id))).isEqualTo("10");
    }

    @Test
    void aReplayOfAnOrderIdAfterReleasesAnswersItAndReservesNothing() {
        long id = loadedActivity(10);

        reservations.reserve(id, new ReservationRequest("o1", "u1", 1, 5, null));
        reservations.reserve(id, new ReservationRequest("o2", "u1", 1, 5, null));
        releases.release(id, "o2");
        reservations.reserve(id, new ReservationRequest("o3", "u1", 1, 5, null));
        releases.release(id, "o1");
        releases.release(id, "o3");
        reservations.reserve(id, new ReservationRequest("o4", "u1", 1, 5, null));
        reservations.reserve(id, new ReservationRequest("o5", "u2", 1, 5, null));

        assertThat(reservations.reserve(id, new ReservationRequest("o4", "u1", 1, 5, null)))
                .as("a replay of the order id answers it")
                .isEqualTo(new ReservationResult(Status.DUPLICATE, "o4", 8L));
    }

    @Test
    void theEndpointsReleaseAndAnswerTheState() throws Exception {
        long id = loadedActivity(5);
        reservations.reserve(id, new ReservationRequest("o1", "u1", 2, 2, null));
        reservations.reserve(id, new ReservationRequest("o2", "u2", 1, 2, null));

        assertThat(state(id, "o1")).isEqualTo("RESERVED");
        assertThat(state(id, "o9")).isEqualTo("ABSENT");

        HttpResponse<String> release = send(id, "o1", "DELETE");
        assertThat(release.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(release.body());
        assertThat(body.get("orderId").asString()).isEqualTo("o1");
        assertThat(body.get("status").asString()).isEqualTo("RELEASED");
        assertThat(body.get("remaining").asLong()).isEqualTo(4);
        assertThat(json.readTree(send(id, "o1", "DELETE").body()).get("status").asString()).isEqualTo("ALREADY_RELEASED");
        assertThat(json.readTree(send(id, "o9", "DELETE").body()).get("status").asString()).isEqualTo("NOT_RESERVED");

        assertThat(state(id, "o1")).isEqualTo("RELEASED");
        assertThat(state(id, "o9")).as("a tombstone counts as released").isEqualTo("RELEASED");
        assertThat(state(id, "o2")).isEqualTo("RESERVED");
        HttpResponse<String> invalid = send(id, "not%20an%20id", "DELETE");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(json.readTree(invalid.body()).get("code").asString()).isEqualTo("VALIDATION_FAILED");
    }

    private String state(long id, String orderId) throws Exception {
        HttpResponse<String> response = send(id, orderId, "GET");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(response.body());
        assertThat(body.get("orderId").asString()).isEqualTo(orderId);
        return body.get("state").asString();
    }

    private HttpResponse<String> send(long id, String orderId, String method) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/internal/activities/" + id + "/reservations/" + orderId))
                        .method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Runs {@code callers} releases of one order on platform threads, all let go at once by a start gate. */
    private Map<ReleaseResult.Status, Long> raceReleases(int callers, long id, String orderId) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<ReleaseResult>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return releases.release(id, orderId);
                }));
            }
            start.countDown();
            Map<ReleaseResult.Status, Long> outcomes = new EnumMap<>(ReleaseResult.Status.class);
            for (Future<ReleaseResult> result : results) {
                outcomes.merge(result.get(30, TimeUnit.SECONDS).status(), 1L, Long::sum);
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    private double releaseCount(String result) {
        return meters.counter("seckill.stock.releases", "result", result).count();
    }

    private long reservedUnits(long id) {
        String units = redis.opsForValue().get(StockKeys.reservedUnits(id));
        return units == null ? 0 : Long.parseLong(units);
    }

    private long loadedActivity(int units) {
        long id = ThreadLocalRandom.current().nextLong(7_000_000_000L, 8_000_000_000L);
        activities.add(id);
        redis.opsForValue().set(StockKeys.remaining(id), Integer.toString(units));
        return id;
    }
}
