package com.seckill.inventory.ledger;

import com.seckill.events.order.OrderPlacedEvent;
import com.seckill.inventory.WithStockLedger;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The stock ledger on the real broker and MySQL: every accepted order moves its units from available
 * to locked once, however often its message is delivered, and the record always adds up.
 */
class StockLedgerIT extends WithStockLedger {

    private static final Duration DRAIN = Duration.ofSeconds(60);

    @Autowired
    StockLedger ledger;

    @Autowired
    MeterRegistry meters;

    @Test
    void eachOrderMovesItsUnitsOnceEvenWhenDeliveredAgain() throws Exception {
        long id = activityWithRecord(100);
        List<OrderPlacedEvent> orders = List.of(order(newOrderId(), id, 1), order(newOrderId(), id, 2), order(newOrderId(), id, 3));
        double duplicatesBefore = movementsCounted("duplicate");

        publish(orders);

        await().atMost(DRAIN).until(() -> locked(id) == 6);
        assertThat(record(id)).containsEntry("available", 94).containsEntry("locked", 6).containsEntry("sold", 0);
        assertThat(jdbc.sql("SELECT kind FROM stock_movements WHERE activity_id = ?").param(id).query(String.class).list())
                .containsExactly("LOCKED", "LOCKED", "LOCKED");

        publish(orders);

        await().atMost(DRAIN).until(() -> movementsCounted("duplicate") >= duplicatesBefore + 3);
        assertThat(record(id)).containsEntry("available", 94).containsEntry("locked", 6);
        assertThat(movements(id)).isEqualTo(3);
    }

    @Test
    void fiveHundredOrdersAcrossTwoActivitiesAddUpExactly() throws Exception {
        long a = activityWithRecord(2_000);
        long b = activityWithRecord(2_000);
        List<OrderPlacedEvent> orders = new ArrayList<>();
        int unitsOfA = 0;
        int unitsOfB = 0;
        for (int i = 0; i < 500; i++) {
            int quantity = ThreadLocalRandom.current().nextInt(1, 4);
            long activity = i % 2 == 0 ? a : b;
            orders.add(order(newOrderId(), activity, quantity));
            if (activity == a) {
                unitsOfA += quantity;
            } else {
                unitsOfB += quantity;
            }
        }

        long batchesBefore = batches();

        publishInBatches(orders, 100);

        await().atMost(DRAIN).until(() -> movements(a) + movements(b) == 500);
        int expectedA = unitsOfA;
        int expectedB = unitsOfB;
        await().atMost(DRAIN).untilAsserted(() -> {
            assertThat(record(a)).containsEntry("locked", expectedA).containsEntry("available", 2_000 - expectedA);
            assertThat(record(b)).containsEntry("locked", expectedB).containsEntry("available", 2_000 - expectedB);
        });
        assertThat(movements(a)).isEqualTo(250);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM activity_stock WHERE activity_id IN (?, ?) AND available + locked + sold = total")
                .params(a, b).query(Long.class).single()).isEqualTo(2);
        assertThat(batches() - batchesBefore).as("orders share transactions (and stock row updates)").isLessThanOrEqualTo(250);
    }

    @Test
    void aBatchCountsNewOrdersOnceAndUpdatesEachActivityOnce() {
        long a = activityWithRecord(10);
        long b = activityWithRecord(10);
        long seen = newOrderId();
        ledger.record(locked(order(seen, a, 2)));
        long fresh = newOrderId();

        StockLedger.Outcome outcome = ledger.record(locked(
                order(seen, a, 2), order(fresh, a, 1), order(fresh, a, 1), order(newOrderId(), a, 3), order(newOrderId(), b, 4)));

        assertThat(outcome.applied()).hasSize(3);
        assertThat(outcome.duplicates()).hasSize(2);
        assertThat(outcome.waiting()).isEmpty();
        assertThat(record(a)).containsEntry("available", 4).containsEntry("locked", 6);
        assertThat(record(b)).containsEntry("available", 6).containsEntry("locked", 4);
    }

    @Test
    void aBatchThatCannotAddUpChangesNothing() {
        long id = activityWithRecord(2);
        long first = newOrderId();

        assertThatThrownBy(() -> ledger.record(locked(order(first, id, 1), order(newOrderId(), id, 2))))
                .as("the record refuses more locked units than its total")
                .isInstanceOf(DataIntegrityViolationException.class);

        assertThat(record(id)).containsEntry("available", 2).containsEntry("locked", 0);
        assertThat(movements(id)).as("the movements rolled back with the update").isZero();
    }

    @Test
    void anOrderOfAnActivityWithoutRecordIsRetriedUntilTheRecordExists() throws Exception {
        long id = newActivityId();
        double retriedBefore = meters.counter("seckill.stock.ledger.retried.batches").count();

        publish(List.of(order(newOrderId(), id, 2)));

        await().atMost(DRAIN).until(() -> meters.counter("seckill.stock.ledger.retried.batches").count() > retriedBefore);
        assertThat(movements(id)).isZero();
        jdbc.sql("INSERT INTO activity_stock (activity_id, total, available) VALUES (?, 5, 5)").param(id).update();
        // RocketMQ's first redelivery comes after ~10 s
        await().atMost(DRAIN).until(() -> locked(id) == 2);
        assertThat(movements(id)).isEqualTo(1);
    }

    @Test
    void anUnreadableMessageIsSetAsideAndTheOthersAreCounted() throws Exception {
        long id = activityWithRecord(10);
        double unreadableBefore = meters.counter("seckill.stock.ledger.unreadable").count();

        publishRaw("not an order".getBytes(StandardCharsets.UTF_8));
        publishRaw(("{\"orderId\":5,\"userId\":\"u5\",\"activityId\":0,\"productId\":1,\"quantity\":1,"
                + "\"amountCents\":100,\"placedAt\":\"2026-01-01T00:00:00Z\",\"sequence\":1}").getBytes(StandardCharsets.UTF_8));
        publish(List.of(order(newOrderId(), id, 1)));

        await().atMost(DRAIN).until(() -> locked(id) == 1
                && meters.counter("seckill.stock.ledger.unreadable").count() >= unreadableBefore + 2);
        assertThat(record(id)).containsEntry("available", 9);
    }

    private static List<Movement> locked(OrderPlacedEvent... orders) {
        return Arrays.stream(orders).map(Movement::of).toList();
    }

    private long batches() {
        return meters.summary("seckill.stock.ledger.batch.size").count();
    }

    private double movementsCounted(String result) {
        return meters.counter("seckill.stock.ledger.movements", "kind", "locked", "result", result).count();
    }
}
