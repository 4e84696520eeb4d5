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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The atomic reservation script on the real Redis: no oversell and no limit overrun under concurrency,
 * replays and never-loaded sales; and its internal endpoint.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StockReservationIT {

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        InventoryTestServers.registerWithoutLedger(registry);
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    StockReservations reservations;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    JsonMapper json;

    @Autowired
    MeterRegistry meters;

    @Autowired
    BatchReservations batches;

    @Autowired
    StockReleases releases;

    @Autowired
    UnpublishedOrders unpublished;

    @Autowired
    JdbcClient jdbc;

    private final List<Long> activities = new ArrayList<>();

    @AfterEach
    void cleanRedis() {
        activities.forEach(id -> redis.delete(StockKeys.all(id)));
    }

    @Test
    void twoThousandBuyersOfOneHundredUnitsNeverOversell() throws Exception {
        long id = loadedActivity(100);
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong lowest = new AtomicLong(Long.MAX_VALUE);
        AtomicLong samples = new AtomicLong();
        Thread reader = new Thread(() -> {
            while (!done.get()) {
                lowest.accumulateAndGet(Long.parseLong(redis.opsForValue().get(StockKeys.remaining(id))), Math::min);
                samples.incrementAndGet();
            }
        }, "stock-reader");
        reader.start();

        Map<Status, Long> outcomes;
        try {
            outcomes = ReservationRace.race(reservations, id, 2_000, i -> new ReservationRequest("o" + i, "u" + i, 1, 1, null));
        } finally {
            done.set(true);
            reader.join(10_000);
        }

        assertThat(outcomes).containsOnlyKeys(Status.OK, Status.SOLD_OUT)
                .containsEntry(Status.OK, 100L).containsEntry(Status.SOLD_OUT, 1_900L);
        assertThat(redis.opsForValue().get(StockKeys.remaining(id))).isEqualTo("0");
        Map<Object, Object> reserved = redis.opsForHash().entries(StockKeys.reservations(id));
        assertThat(reserved).hasSize(100);
        assertThat(reserved.values().stream().map(v -> v.toString().split(":")[0]).distinct()).hasSize(100);
        assertThat(reserved.values().stream().mapToInt(v -> Integer.parseInt(v.toString().split(":")[1])).sum()).isEqualTo(100);
        assertThat(redis.opsForValue().get(StockKeys.reservedUnits(id))).isEqualTo("100");
        assertThat(samples.get()).as("the reader sampled the counter during the race").isPositive();
        assertThat(lowest.get()).as("the counter never went below 0").isGreaterThanOrEqualTo(0);
    }

    @Test
    void oneUserRacingFiftyRequestsGetsExactlyTheLimit() throws Exception {
        long id = loadedActivity(100);

        Map<Status, Long> outcomes = ReservationRace.race(reservations, id, 50, i -> new ReservationRequest("o" + i, "same-user", 1, 2, null));

        // quantity 1 each: whoever loses already holds the limit, so ALREADY_PURCHASED (never LIMIT_EXCEEDED)
        assertThat(outcomes).containsOnlyKeys(Status.OK, Status.ALREADY_PURCHASED)
                .containsEntry(Status.OK, 2L).containsEntry(Status.ALREADY_PURCHASED, 48L);
        assertThat(redis.opsForValue().get(StockKeys.remaining(id))).isEqualTo("98");
        assertThat(redis.opsForHash().get(StockKeys.bought(id), "same-user")).isEqualTo("2");
    }

    @Test
    void aUserWithFewerUnitsThanTheLimitAskingTooManyIsLimitExceeded() {
        long id = loadedActivity(100);
        assertThat(reservations.reserve(id, new ReservationRequest("o1", "u1", 1, 3, null)).status()).isEqualTo(Status.OK);

        ReservationResult tooMany = reservations.reserve(id, new ReservationRequest("o2", "u1", 3, 3, null));
        ReservationResult rest = reservations.reserve(id, new ReservationRequest("o3", "u1", 2, 3, null));
        ReservationResult more = reservations.reserve(id, new ReservationRequest("o4", "u1", 1, 3, null));

        assertThat(tooMany).isEqualTo(new ReservationResult(Status.LIMIT_EXCEEDED, null, 99L));
        assertThat(rest).isEqualTo(new ReservationResult(Status.OK, "o3", 97L));
        assertThat(more).isEqualTo(new ReservationResult(Status.ALREADY_PURCHASED, null, 97L));
    }

    @Test
    void aReplayOfTheIdempotencyKeyAnswersTheFirstOrderAndReservesNothing() {
        long id = loadedActivity(10);

        ReservationResult first = reservations.reserve(id, new ReservationRequest("o1", "u1", 2, 5, "key-1"));
        ReservationResult replay = reservations.reserve(id, new ReservationRequest("o2", "u1", 2, 5, "key-1"));

        assertThat(first).isEqualTo(new ReservationResult(Status.OK, "o1", 8L));
        assertThat(replay).isEqualTo(new ReservationResult(Status.DUPLICATE, "o1", 8L));
        assertThat(redis.opsForValue().get(StockKeys.remaining(id))).isEqualTo("8");
        assertThat(redis.opsForHash().entries(StockKeys.reservations(id))).containsExactly(Map.entry("o1", "u1:2:key-1"));
        assertThat(redis.opsForHash().get(StockKeys.bought(id), "u1")).isEqualTo("2");
        // the key is the user's own: another user with the same key is a new reservation
        assertThat(reservations.reserve(id, new ReservationRequest("o3", "u2", 1, 5, "key-1")))
                .isEqualTo(new ReservationResult(Status.OK, "o3", 7L));
    }

    @Test
    void aSaleThatWasNeverLoadedIsNotLoadedAndStaysAbsent() {
        long id = newActivityId();
        double before = notLoadedCount();

        ReservationResult result = reservations.reserve(id, new ReservationRequest("o1", "u1", 1, 1, "k"));

        assertThat(result).isEqualTo(new ReservationResult(Status.NOT_LOADED, null, null));
        assertThat(redis.hasKey(StockKeys.remaining(id))).isFalse();
        assertThat(redis.hasKey(StockKeys.bought(id))).isFalse();
        assertThat(redis.hasKey(StockKeys.reservations(id))).isFalse();
        assertThat(redis.hasKey(StockKeys.idempotency(id))).isFalse();
        assertThat(redis.hasKey(StockKeys.reservedUnits(id))).isFalse();
        assertThat(notLoadedCount()).isEqualTo(before + 1);
    }

    private double notLoadedCount() {
        return meters.counter("seckill.stock.reservations", "result", "not_loaded").count();
    }

    @Test
    void theInternalEndpointAnswersTheResultOrA400Problem() throws Exception {
        long id = loadedActivity(5);
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<String> ok = post(http, id, "{\"orderId\":\"o1\",\"userId\":\"u1\",\"quantity\":2,\"limitPerUser\":2,\"idempotencyKey\":\"k1\"}");
        HttpResponse<String> invalid = post(http, id, "{\"orderId\":\"o2\",\"userId\":\" \",\"quantity\":0,\"limitPerUser\":1}");

        assertThat(ok.statusCode()).isEqualTo(200);
        JsonNode result = json.readTree(ok.body());
        assertThat(result.get("status").asString()).isEqualTo("OK");
        assertThat(result.get("orderId").asString()).isEqualTo("o1");
        assertThat(result.get("remaining").asLong()).isEqualTo(3);
        assertThat(result.has("sequence")).as("the purchase sequence is order-service's").isFalse();
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json.readTree(invalid.body()).get("code").asString()).isEqualTo("VALIDATION_FAILED");
        assertThat(redis.opsForValue().get(StockKeys.remaining(id))).isEqualTo("3");
    }


    @Test
    void aBatchIsDecidedInOrderAcrossActivitiesAndEachAcceptedOrderKeepsItsMessageUntilSent() {
        long first = loadedActivity(1);
        long second = loadedActivity(5);

        ReservationBatch.Results results = batches.reserve(new ReservationBatch(List.of(
                item(first, "a1", "u1", "message-a1"),
                item(second, "b1", "u1", "message-b1"),
                item(first, "a2", "u2", "message-a2"),
                item(second, "b2", "u2", null)), List.of()));

        assertThat(results.results()).containsExactly(
                new ReservationResult(Status.OK, "a1", 0L),
                new ReservationResult(Status.OK, "b1", 4L),
                new ReservationResult(Status.SOLD_OUT, null, 0L),
                new ReservationResult(Status.OK, "b2", 3L));
        assertThat(redis.opsForHash().entries(StockKeys.unpublished(first))).containsExactly(Map.entry("a1", "message-a1"));
        assertThat(redis.opsForHash().entries(StockKeys.unpublished(second)))
                .as("an order without a message is published by its caller, not kept").containsExactly(Map.entry("b1", "message-b1"));
        assertThat(redis.opsForZSet().range(StockKeys.unpublishedSince(first), 0, -1)).containsExactly("a1");

        // the next batch carries the confirmation; a release takes the entry away with the units
        batches.reserve(new ReservationBatch(List.of(), List.of(new ReservationBatch.OrderRef(first, "a1"))));
        releases.release(second, "b1");

        assertThat(redis.hasKey(StockKeys.unpublished(first))).isFalse();
        assertThat(redis.hasKey(StockKeys.unpublishedSince(first))).isFalse();
        assertThat(redis.hasKey(StockKeys.unpublished(second))).isFalse();
        assertThat(redis.hasKey(StockKeys.unpublishedSince(second))).isFalse();
        assertThat(redis.opsForValue().get(StockKeys.remaining(first))).as("a confirmation changes no stock").isEqualTo("0");
    }

    @Test
    void onlyReservationsUnconfirmedForLongerThanAskedAreFoundUnpublished() {
        long id = loadedActivity(10);
        jdbc.sql("INSERT INTO activity_stock (activity_id, total, available) VALUES (?, 10, 10)").param(id).update();
        try {
            batches.reserve(new ReservationBatch(List.of(item(id, "old", "u1", "message-old")), List.of()));
            // aged by hand: as if reserved a minute ago by an instance that died
            redis.opsForZSet().add(StockKeys.unpublishedSince(id), "old", System.currentTimeMillis() - 60_000);
            batches.reserve(new ReservationBatch(List.of(item(id, "new", "u2", "message-new")), List.of()));

            List<UnpublishedOrder> found = unpublished.olderThan(java.time.Duration.ofSeconds(10), 100).stream()
                    .filter(o -> o.activityId() == id).toList();

            assertThat(found).extracting(UnpublishedOrder::orderId, UnpublishedOrder::message).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("old", "message-old"));
        } finally {
            jdbc.sql("DELETE FROM activity_stock WHERE activity_id = ?").param(id).update();
        }
    }

    private static ReservationBatch.Reservation item(long activityId, String orderId, String userId, String message) {
        return new ReservationBatch.Reservation(activityId, new ReservationRequest(orderId, userId, 1, 1, null, message));
    }

    private long loadedActivity(int units) {
        long id = newActivityId();
        redis.opsForValue().set(StockKeys.remaining(id), Integer.toString(units));
        return id;
    }

    private long newActivityId() {
        long id = ThreadLocalRandom.current().nextLong(6_000_000_000L, 7_000_000_000L);
        activities.add(id);
        return id;
    }

    private HttpResponse<String> post(HttpClient http, long id, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/internal/activities/" + id + "/reservations"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
