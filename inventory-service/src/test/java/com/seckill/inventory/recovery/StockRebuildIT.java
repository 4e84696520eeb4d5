package com.seckill.inventory.recovery;

import com.seckill.events.order.OrderCancelledEvent.Reason;
import com.seckill.events.order.OrderPlacedEvent;
import com.seckill.inventory.WithStockLedger;
import com.seckill.inventory.reservation.ReservationRace;
import com.seckill.inventory.reservation.ReservationRequest;
import com.seckill.inventory.reservation.ReservationResult.Status;
import com.seckill.inventory.reservation.StockReservations;
import com.seckill.inventory.stock.StockKeys;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis loses an activity's live stock in the middle of its sale: the rebuild puts it back from the
 * record (counter, reserved total, each buyer's units, the held orders' reservations) only once the
 * stock ledger has recorded every committed order, and the sale then sells exactly the units left.
 */
class StockRebuildIT extends WithStockLedger {

    private static final Duration DRAIN = Duration.ofSeconds(60);

    @Autowired
    StockReservations reservations;

    @Autowired
    ApplicationContext context;

    @Test
    void aSaleThatLostRedisIsRebuiltFromTheRecordAndSellsExactlyWhatIsLeft() throws Exception {
        long id = newActivityId();
        assertThat(api().load(id, 50).statusCode()).isEqualTo(200);
        // 10 buyers: u0..u9, u0..u4 take 2 units, the others 1 (15 units); then 3 pay and 2 cancel
        List<OrderPlacedEvent> orders = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            OrderPlacedEvent order = new OrderPlacedEvent(newOrderId(), "u" + i, id, 77, i < 5 ? 2 : 1, 100, java.time.Instant.now(), 1, null);
            assertThat(api().reserve(id, order.orderId(), order.userId(), order.quantity(), 2)).isEqualTo("OK");
            orders.add(order);
        }
        publish(orders);
        await().atMost(DRAIN).until(() -> locked(id) == 15);
        publishPaid(paid(orders.get(0)), paid(orders.get(5)), paid(orders.get(6)));
        publishCancelled(cancelled(orders.get(1), Reason.BUYER), cancelled(orders.get(7), Reason.PAYMENT_TIMEOUT));
        await().atMost(DRAIN).until(() -> record(id).get("sold").equals(4) && record(id).get("available").equals(38));
        await().atMost(DRAIN).until(() -> "38".equals(redis.opsForValue().get(StockKeys.remaining(id))));
        assertThat(api().stock(id).get("consistent").asBoolean()).isTrue();

        deleteLiveStock(id);

        JsonNode lost = api().stock(id);
        assertThat(lost.get("remaining").isNull()).isTrue();
        assertThat(lost.get("consistent").asBoolean()).isFalse();
        assertThat(reservations.reserve(id, new ReservationRequest("999", "u99", 1, 2, null)).status()).isEqualTo(Status.NOT_LOADED);

        // 503 while the ledger's offsets have not reached the broker yet (e.g. just after its consumer started)
        AtomicReference<HttpResponse<String>> answer = new AtomicReference<>();
        await().atMost(DRAIN).until(() -> {
            answer.set(api().rebuild(id));
            return answer.get().statusCode() != 503;
        });
        HttpResponse<String> rebuild = answer.get();

        assertThat(rebuild.statusCode()).isEqualTo(200);
        JsonNode rebuilt = api().body(rebuild);
        // rebuilt by this call, or just before it by the recovery the NOT_LOADED above set going
        assertThat(rebuilt.get("remaining").asLong()).isEqualTo(38);
        assertThat(rebuilt.get("reservedUnits").asLong()).isEqualTo(12);
        if (rebuilt.get("rebuilt").asBoolean()) {
            assertThat(rebuilt.get("heldOrders").asInt()).isEqualTo(8);
        }
        assertThat(redis.opsForValue().get(StockKeys.remaining(id))).isEqualTo("38");
        Map<Object, Object> bought = redis.opsForHash().entries(StockKeys.bought(id));
        assertThat(bought).containsEntry("u0", "2").containsEntry("u2", "2").containsEntry("u5", "1").containsEntry("u9", "1")
                .doesNotContainKeys("u1", "u7").hasSize(8);
        assertThat(redis.opsForHash().get(StockKeys.reservations(id), Long.toString(orders.get(0).orderId()))).isEqualTo("u0:2:");
        assertThat(redis.opsForHash().get(StockKeys.released(id), Long.toString(orders.get(1).orderId()))).isEqualTo("RELEASED");
        JsonNode after = api().stock(id);
        assertThat(after.get("consistent").asBoolean()).isTrue();
        assertThat(after.get("drained").asBoolean()).isTrue();
        assertThat(after.get("cancelled").asInt()).isEqualTo(3);
        // a second rebuild finds the counter and leaves it alone
        assertThat(api().body(api().rebuild(id)).get("rebuilt").asBoolean()).isFalse();

        // the limit still counts what each buyer held before the loss
        assertThat(reservations.reserve(id, new ReservationRequest(Long.toString(newOrderId()), "u0", 1, 2, null)).status())
                .isEqualTo(Status.ALREADY_PURCHASED);
        // a cancellation of an order from before the loss finds its reservation again: its units come back once
        publishCancelled(cancelled(orders.get(2), Reason.BUYER), cancelled(orders.get(2), Reason.PAYMENT_TIMEOUT));
        await().atMost(DRAIN).until(() -> "40".equals(redis.opsForValue().get(StockKeys.remaining(id))));
        await().atMost(DRAIN).until(() -> record(id).get("available").equals(40));

        // 200 buyers race for the 40 units left
        Map<Status, Long> outcomes = ReservationRace.race(reservations, id, 200,
                i -> new ReservationRequest(Long.toString(newOrderId()), "burst-" + i, 1, 2, null));

        assertThat(outcomes).containsOnlyKeys(Status.OK, Status.SOLD_OUT).containsEntry(Status.OK, 40L).containsEntry(Status.SOLD_OUT, 160L);
        assertThat(redis.opsForValue().get(StockKeys.remaining(id))).isEqualTo("0");
        // the sold-out sale's orders reach the record: everything adds up to the 50 units
        List<OrderPlacedEvent> burst = new ArrayList<>();
        redis.opsForHash().entries(StockKeys.reservations(id)).forEach((orderId, reservation) -> {
            String user = reservation.toString().split(":")[0];
            if (user.startsWith("burst-")) {
                burst.add(new OrderPlacedEvent(Long.parseLong(orderId.toString()), user, id, 77, 1, 100, java.time.Instant.now(), 1, null));
            }
        });
        assertThat(burst).hasSize(40);
        publish(burst);
        await().atMost(DRAIN).until(() -> api().stock(id).get("drained").asBoolean());
        JsonNode end = api().stock(id);
        assertThat(end.get("consistent").asBoolean()).isTrue();
        assertThat(end.get("remaining").asLong()).isZero();
        assertThat(record(id)).containsEntry("available", 0).containsEntry("locked", 46).containsEntry("sold", 4);
    }

    @Test
    void whileOrdersAreOnTheirWayToTheLedgerTheLostCounterStaysAbsent() throws Exception {
        long id = newActivityId();
        assertThat(api().load(id, 10).statusCode()).isEqualTo(200);
        OrderPlacedEvent order = order(newOrderId(), id, 1);
        assertThat(api().reserve(id, order.orderId(), order.userId(), 1, 1)).isEqualTo("OK");
        SmartLifecycle ledger = context.getBean("stockLedgerConsumer", SmartLifecycle.class);
        ledger.stop();
        try {
            // committed while the ledger is down: the record does not know it yet, Redis then loses everything
            publish(List.of(order));
            deleteLiveStock(id);

            HttpResponse<String> rebuild = api().rebuild(id);
            HttpResponse<String> load = api().load(id, 10);

            assertThat(rebuild.statusCode()).isEqualTo(503);
            assertThat(api().body(rebuild).get("code").asString()).isEqualTo("SERVICE_UNAVAILABLE");
            assertThat(load.statusCode()).isEqualTo(503);
            assertThat(redis.hasKey(StockKeys.remaining(id))).as("seeding it with available now would sell the order's unit twice").isFalse();
            assertThat(reservations.reserve(id, new ReservationRequest(Long.toString(newOrderId()), "u2", 1, 1, null)).status())
                    .isEqualTo(Status.NOT_LOADED);
        } finally {
            ledger.start();
        }

        await().atMost(DRAIN).until(() -> api().rebuild(id).statusCode() == 200);

        assertThat(record(id)).containsEntry("available", 9).containsEntry("locked", 1);
        assertThat(redis.opsForValue().get(StockKeys.remaining(id))).isEqualTo("9");
        assertThat(redis.opsForHash().get(StockKeys.bought(id), order.userId())).isEqualTo("1");
        assertThat(api().stock(id).get("consistent").asBoolean()).isTrue();
        assertThat(api().load(id, 10).statusCode()).as("the load now finds the counter").isEqualTo(200);
    }

    @Test
    void onlyAnAdminMayRebuildAndOnlyAnActivityWithStock() throws Exception {
        assertThat(api().rebuild(newActivityId(), null, null).statusCode()).isEqualTo(401);
        assertThat(api().rebuild(newActivityId(), "u1", "USER").statusCode()).isEqualTo(403);
        HttpResponse<String> unknown = api().rebuild(newActivityId());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(api().body(unknown).get("code").asString()).isEqualTo("NOT_FOUND");
    }
}
