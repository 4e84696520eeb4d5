package com.seckill.inventory.ledger;

import com.seckill.common.event.OrderPlacedEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Moves each accepted order's units from {@code available} to {@code locked} in {@code activity_stock},
 * exactly once per order: the order's row in {@code stock_movements} (keyed by the order id) is the proof
 * that it was counted, written in the same transaction as the counts it moved.
 */
@Repository
class StockLedger {

    /** What one batch did: movements newly applied, and deliveries of orders already counted. */
    record Outcome(int applied, int duplicates) {
    }

    private final JdbcTemplate jdbc;

    StockLedger(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records a batch of orders in one transaction. Each activity's row is updated once per batch with
     * the sum of its new orders: during a sale every order hits the same hot row, and one update per
     * batch instead of one per order is what keeps its lock short. Rows are locked in ascending key
     * order (movements by order id, stock rows by activity id), so two batches running in parallel
     * never wait on each other in a cycle.
     */
    @Transactional
    public Outcome record(List<OrderPlacedEvent> orders) {
        if (orders.isEmpty()) {
            return new Outcome(0, 0);
        }
        // the same order twice in one batch (a redelivery beside the original) is one movement
        Map<Long, OrderPlacedEvent> byOrder = new TreeMap<>();
        orders.forEach(order -> byOrder.putIfAbsent(order.orderId(), order));
        List<OrderPlacedEvent> movements = new ArrayList<>(byOrder.values());

        // Sent statement by statement (the URL does not ask for rewriteBatchedStatements), so the driver
        // reports each row: 1 inserted, 0 already there. An order being recorded by a parallel batch
        // makes this insert wait for that transaction, then answer 0 if it committed.
        int[] inserted = jdbc.batchUpdate(
                "INSERT IGNORE INTO stock_movements (order_id, activity_id, quantity, kind) VALUES (?, ?, ?, 'LOCKED')",
                movements, movements.size(), (statement, order) -> {
                    statement.setLong(1, order.orderId());
                    statement.setLong(2, order.activityId());
                    statement.setInt(3, order.quantity());
                })[0];

        Map<Long, Integer> unitsPerActivity = new TreeMap<>();
        int applied = 0;
        for (int i = 0; i < movements.size(); i++) {
            if (inserted[i] == 1) {
                applied++;
                unitsPerActivity.merge(movements.get(i).activityId(), movements.get(i).quantity(), Integer::sum);
            } else if (inserted[i] != 0) {
                // e.g. SUCCESS_NO_INFO if batched statements were rewritten: then new rows cannot be told
                // from old ones, and guessing would count an order twice or not at all
                throw new IllegalStateException("The driver did not report which movements are new: " + inserted[i]);
            }
        }
        unitsPerActivity.forEach((activityId, units) -> {
            int updated = jdbc.update("UPDATE activity_stock SET available = available - ?, locked = locked + ? WHERE activity_id = ?",
                    units, units, activityId);
            if (updated != 1) {
                // Rolls the whole batch back, movements included: the orders are retried, and counted
                // once the record exists (the stock is loaded before a sale opens, so this is a fault).
                throw new IllegalStateException("No stock record for activity " + activityId);
            }
        });
        return new Outcome(applied, orders.size() - applied);
    }
}
