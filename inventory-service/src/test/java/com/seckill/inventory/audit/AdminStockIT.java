package com.seckill.inventory.audit;

import com.seckill.events.order.OrderPlacedEvent;
import com.seckill.inventory.WithStockLedger;
import com.seckill.inventory.reservation.ReservationRequest;
import com.seckill.inventory.reservation.ReservationResult;
import com.seckill.inventory.reservation.StockReleases;
import com.seckill.inventory.reservation.StockReservations;
import com.seckill.inventory.stock.StockKeys;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The admin's stock check on the real Redis, MySQL and broker: reservations show as pending until the
 * stock ledger has recorded their orders, and then Redis and the record agree.
 */
class AdminStockIT extends WithStockLedger {

    @Autowired
    StockReservations reservations;

    @Autowired
    StockReleases releases;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void reservationsArePendingUntilTheLedgerRecordsTheirOrders() throws Exception {
        long id = newActivityId();
        load(id, 20);
        List<OrderPlacedEvent> orders = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            long orderId = newOrderId();
            ReservationResult reserved = reservations.reserve(id, new ReservationRequest(Long.toString(orderId), "u" + i, 1, 1, null));
            assertThat(reserved.status()).isEqualTo(ReservationResult.Status.OK);
            orders.add(order(orderId, id, 1));
        }
        // one order gave up: its reservation is undone and its message never committed
        releases.release(id, Long.toString(orders.remove(5).orderId()));

        JsonNode accepted = report(id);

        assertThat(accepted.get("activityId").isString()).isTrue();
        assertThat(accepted.get("activityId").asString()).isEqualTo(Long.toString(id));
        assertThat(accepted.get("totalStock").asInt()).isEqualTo(20);
        assertThat(accepted.get("remaining").asLong()).isEqualTo(15);
        assertThat(accepted.get("pending").asLong()).isEqualTo(5);
        assertThat(accepted.get("created").asInt()).isZero();
        assertThat(accepted.get("paid").asInt()).isZero();
        assertThat(accepted.get("cancelled").asInt()).isZero();
        assertThat(accepted.get("consistent").asBoolean()).isTrue();
        assertThat(accepted.get("drained").asBoolean()).isFalse();
        assertThat(accepted.get("undecided").get("count").asLong()).as("reserved without an outbox entry").isZero();
        assertThat(accepted.get("undecided").get("oldestAgeMs").isNull()).isTrue();

        publish(orders);

        await().atMost(Duration.ofSeconds(60)).until(() -> report(id).get("drained").asBoolean());
        JsonNode drained = report(id);
        assertThat(drained.get("pending").asLong()).isZero();
        assertThat(drained.get("created").asInt()).isEqualTo(5);
        assertThat(drained.get("remaining").asLong()).isEqualTo(15).isEqualTo(((Integer) record(id).get("available")).longValue());
        assertThat(drained.get("consistent").asBoolean()).isTrue();
    }

    @Test
    void aCounterLostByRedisIsReportedAsUnknownUntilTheLoadRebuildsIt() throws Exception {
        long id = newActivityId();
        load(id, 10);
        for (int i = 0; i < 3; i++) {
            reservations.reserve(id, new ReservationRequest(Long.toString(newOrderId()), "u" + i, 1, 1, null));
        }
        // the ledger recorded the three orders, then Redis lost the activity's keys (a failover)
        jdbc.sql("UPDATE activity_stock SET available = available - 3, locked = locked + 3 WHERE activity_id = ?").param(id).update();
        redis.delete(List.of(StockKeys.remaining(id), StockKeys.reservedUnits(id)));

        JsonNode lost = report(id);
        // product-service's warm-up calls the load again and again; it rebuilds the counter once the
        // stock ledger has caught up (503 before)
        await().atMost(Duration.ofSeconds(60)).until(() -> api().load(id, 10).statusCode() == 200);
        JsonNode reseeded = report(id);

        assertThat(lost.get("remaining").isNull()).isTrue();
        assertThat(lost.get("consistent").asBoolean()).isFalse();
        assertThat(reseeded.get("remaining").asLong()).isEqualTo(7);
        assertThat(reseeded.get("pending").asLong()).isZero();
        assertThat(reseeded.get("created").asInt()).isEqualTo(3);
        assertThat(reseeded.get("consistent").asBoolean()).isTrue();
    }

    /**
     * A reservation whose order message is still in the outbox after the settle window (30 s): no
     * order-service confirmed sending it, and no sweep published it. Pending like any other, and undecided.
     */
    @Test
    void aReservationWhoseMessageNobodySentIsUndecidedOnceOlderThanTheSettleWindow() throws Exception {
        long id = newActivityId();
        load(id, 10);
        String stuck = Long.toString(newOrderId());
        String fresh = Long.toString(newOrderId());
        for (String orderId : List.of(stuck, fresh)) {
            ReservationResult reserved = reservations.reserve(id, new ReservationRequest(orderId, "u" + orderId, 1, 1, "k", "{\"orderId\":" + orderId + "}"));
            assertThat(reserved.status()).isEqualTo(ReservationResult.Status.OK);
        }
        // reserved a minute ago (the outbox dates its entries), by an order-service that died right after
        redis.opsForZSet().add(StockKeys.unpublishedSince(id), stuck, System.currentTimeMillis() - 60_000);

        JsonNode report = report(id);

        assertThat(report.get("pending").asLong()).isEqualTo(2);
        assertThat(report.get("undecided").get("count").asLong()).as("the fresh one is within the window").isEqualTo(1);
        assertThat(report.get("undecided").get("oldestAgeMs").asLong()).isBetween(60_000L, 120_000L);

        // the sweep of a live order-service publishes it and confirms: decided
        reservations.reserve(id, List.of(), List.of(stuck), List.of());
        assertThat(report(id).get("undecided").get("count").asLong()).isZero();
        assertThat(report(id).get("pending").asLong()).as("still on its way to the record").isEqualTo(2);
    }

    @Test
    void unitsRecordedWithoutAReservationAreInconsistent() throws Exception {
        long id = newActivityId();
        load(id, 10);
        jdbc.sql("UPDATE activity_stock SET available = available - 3, locked = locked + 3 WHERE activity_id = ?").param(id).update();

        JsonNode report = report(id);

        assertThat(report.get("pending").asLong()).isEqualTo(-3);
        assertThat(report.get("consistent").asBoolean()).isFalse();
    }

    @Test
    void anActivityWithoutStockIs404() throws Exception {
        HttpResponse<String> response = get(newActivityId(), "admin-1", "ADMIN");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json.readTree(response.body()).get("code").asString()).isEqualTo("NOT_FOUND");
    }

    @Test
    void onlyAnIdentifiedAdminMayLook() throws Exception {
        long id = newActivityId();
        load(id, 10);

        HttpResponse<String> anonymous = get(id, null, null);
        HttpResponse<String> shopper = get(id, "u1", "USER");

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(json.readTree(anonymous.body()).get("code").asString()).isEqualTo("UNAUTHORIZED");
        assertThat(shopper.statusCode()).isEqualTo(403);
        assertThat(json.readTree(shopper.body()).get("code").asString()).isEqualTo("FORBIDDEN");
    }

    private JsonNode report(long id) throws Exception {
        HttpResponse<String> response = get(id, "admin-1", "ADMIN");
        assertThat(response.statusCode()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private HttpResponse<String> get(long id, String userId, String roles) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/admin/activities/" + id + "/stock"));
        if (userId != null) {
            request.header("X-User-Id", userId).header("X-User-Roles", roles);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The stock load product-service makes when it publishes the activity: the record and the Redis counter. */
    private void load(long id, int totalStock) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/internal/activities/" + id + "/stock"))
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"totalStock\":" + totalStock + "}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
    }
}
