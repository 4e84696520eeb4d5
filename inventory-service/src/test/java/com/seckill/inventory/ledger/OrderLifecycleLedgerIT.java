package com.seckill.inventory.ledger;

import com.seckill.events.order.OrderCancelledEvent.Reason;
import com.seckill.events.order.OrderPlacedEvent;
import com.seckill.inventory.stock.StockKeys;
import com.seckill.inventory.WithStockLedger;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Paid and cancelled orders on the real broker, MySQL and Redis: each order's units move on once
 * (locked → sold, or locked → available and back on the live counter), however often and in whatever
 * order its events arrive, and the admin stock check adds up after each step.
 */
class OrderLifecycleLedgerIT extends WithStockLedger {

    // a cancel that overtook its order waits for RocketMQ's first redelivery, about 10 s later
    private static final Duration DRAIN = Duration.ofSeconds(60);

    @Autowired
    MeterRegistry meters;

    @Test
    void aPaidOrderMovesItsUnitsFromLockedToSoldOnce() throws Exception {
        long id = loadedActivity(10);
        OrderPlacedEvent order = order(newOrderId(), id, 2);
        assertThat(api().reserve(id, order.orderId(), order.userId(), 2, 2)).isEqualTo("OK");
        publish(List.of(order));
        await().atMost(DRAIN).until(() -> locked(id) == 2);
        double duplicatesBefore = movements("sold", "duplicate");

        publishPaid(paid(order));

        await().atMost(DRAIN).until(() -> (Integer) record(id).get("sold") == 2);
        assertThat(record(id)).containsEntry("available", 8).containsEntry("locked", 0).containsEntry("sold", 2);
        assertConsistent(id, 8, 0, 2, 0);

        publishPaid(paid(order));

        await().atMost(DRAIN).until(() -> movements("sold", "duplicate") >= duplicatesBefore + 1);
        assertThat(record(id)).containsEntry("available", 8).containsEntry("locked", 0).containsEntry("sold", 2);
        assertThat(kinds(order.orderId())).containsExactly("LOCKED", "SOLD");
        assertThat(jdbc.sql("SELECT user_id FROM stock_movements WHERE order_id = ? AND kind = 'SOLD'").param(order.orderId())
                .query(String.class).single()).isEqualTo(order.userId());
        assertConsistent(id, 8, 0, 2, 0);
    }

    @Test
    void aCancelledOrderReturnsItsUnitsOnceAndAnotherBuyerTakesThem() throws Exception {
        long id = loadedActivity(3);
        List<OrderPlacedEvent> orders = List.of(order(newOrderId(), id, 1), order(newOrderId(), id, 1), order(newOrderId(), id, 1));
        for (OrderPlacedEvent order : orders) {
            assertThat(api().reserve(id, order.orderId(), order.userId(), 1, 1)).isEqualTo("OK");
        }
        publish(orders);
        await().atMost(DRAIN).until(() -> locked(id) == 3);
        assertConsistent(id, 0, 3, 0, 0);
        assertThat(api().reserve(id, newOrderId(), "late-buyer", 1, 1)).isEqualTo("SOLD_OUT");
        OrderPlacedEvent cancelledOrder = orders.get(0);
        double duplicatesBefore = movements("returned", "duplicate");

        // the buyer's cancel delivered twice, and the payment timer's cancel racing it
        publishCancelled(cancelled(cancelledOrder, Reason.BUYER), cancelled(cancelledOrder, Reason.BUYER),
                cancelled(cancelledOrder, Reason.PAYMENT_TIMEOUT));

        await().atMost(DRAIN).until(() -> movements("returned", "duplicate") >= duplicatesBefore + 2);
        assertThat(record(id)).containsEntry("available", 1).containsEntry("locked", 2).containsEntry("sold", 0);
        assertThat(kinds(cancelledOrder.orderId())).containsExactly("LOCKED", "RETURNED");
        assertThat(redis.opsForValue().get(StockKeys.remaining(id))).isEqualTo("1");
        assertThat(redis.opsForValue().get(StockKeys.reservedUnits(id))).isEqualTo("2");
        assertThat(redis.opsForHash().hasKey(StockKeys.bought(id), cancelledOrder.userId())).as("the buyer's unit is given back").isFalse();
        assertThat(redis.opsForHash().get(StockKeys.released(id), Long.toString(cancelledOrder.orderId()))).isEqualTo("RELEASED");
        JsonNode report = assertConsistent(id, 1, 2, 0, 1);
        assertThat(report.get("drained").asBoolean()).isTrue();

        // the returned unit is for sale again, once
        assertThat(api().reserve(id, newOrderId(), "late-buyer", 1, 1)).isEqualTo("OK");
        assertThat(api().reserve(id, newOrderId(), "later-buyer", 1, 1)).isEqualTo("SOLD_OUT");
        assertThat(redis.opsForValue().get(StockKeys.remaining(id))).isEqualTo("0");
    }

    @Test
    void aCancelThatOvertakesItsOrderWaitsForItAndIsAppliedOnce() throws Exception {
        long id = loadedActivity(5);
        OrderPlacedEvent order = order(newOrderId(), id, 2);
        assertThat(api().reserve(id, order.orderId(), order.userId(), 2, 2)).isEqualTo("OK");
        double waitingBefore = movements("returned", "waiting");

        publishCancelled(cancelled(order, Reason.BUYER));

        await().atMost(DRAIN).until(() -> movements("returned", "waiting") > waitingBefore);
        assertThat(record(id)).containsEntry("available", 5).containsEntry("locked", 0);
        assertThat(movements(id)).isZero();
        assertThat(redis.opsForValue().get(StockKeys.remaining(id))).as("not released before the record has the order").isEqualTo("3");

        publish(List.of(order));

        await().atMost(DRAIN).until(() -> kinds(order.orderId()).contains("RETURNED"));
        assertThat(record(id)).containsEntry("available", 5).containsEntry("locked", 0).containsEntry("sold", 0);
        await().atMost(DRAIN).until(() -> "5".equals(redis.opsForValue().get(StockKeys.remaining(id))));
        assertThat(kinds(order.orderId())).containsExactly("LOCKED", "RETURNED");
        assertConsistent(id, 5, 0, 0, 2);
    }

    @Test
    void aCancelOfAPaidOrderIsRefusedAndReturnsNothing() throws Exception {
        long id = loadedActivity(4);
        OrderPlacedEvent order = order(newOrderId(), id, 1);
        assertThat(api().reserve(id, order.orderId(), order.userId(), 1, 1)).isEqualTo("OK");
        publish(List.of(order));
        publishPaid(paid(order));
        await().atMost(DRAIN).until(() -> (Integer) record(id).get("sold") == 1);
        double conflictsBefore = movements("returned", "conflict");

        publishCancelled(cancelled(order, Reason.PAYMENT_TIMEOUT));

        await().atMost(DRAIN).until(() -> movements("returned", "conflict") > conflictsBefore);
        assertThat(record(id)).containsEntry("available", 3).containsEntry("locked", 0).containsEntry("sold", 1);
        assertThat(kinds(order.orderId())).containsExactly("LOCKED", "SOLD");
        assertThat(redis.opsForValue().get(StockKeys.remaining(id))).as("a sold unit is never given back").isEqualTo("3");
        assertConsistent(id, 3, 0, 1, 0);
    }

    private long loadedActivity(int units) throws Exception {
        long id = newActivityId();
        assertThat(api().load(id, units).statusCode()).isEqualTo(200);
        return id;
    }

    /** The admin's check, once the ledger has caught up: everything where it should be, and adding up. */
    private JsonNode assertConsistent(long id, long remaining, int created, int paid, int cancelled) throws Exception {
        await().atMost(DRAIN).until(() -> api().stock(id).get("drained").asBoolean());
        JsonNode report = api().stock(id);
        assertThat(report.get("remaining").asLong()).isEqualTo(remaining);
        assertThat(report.get("pending").asLong()).isZero();
        assertThat(report.get("created").asInt()).isEqualTo(created);
        assertThat(report.get("paid").asInt()).isEqualTo(paid);
        assertThat(report.get("cancelled").asInt()).isEqualTo(cancelled);
        assertThat(report.get("consistent").asBoolean()).isTrue();
        return report;
    }

    private List<String> kinds(long orderId) {
        return jdbc.sql("SELECT kind FROM stock_movements WHERE order_id = ? ORDER BY FIELD(kind, 'LOCKED', 'SOLD', 'RETURNED')")
                .param(orderId).query(String.class).list();
    }

    private double movements(String kind, String result) {
        return meters.counter("seckill.stock.ledger.movements", "kind", kind, "result", result).count();
    }
}
