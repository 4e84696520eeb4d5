package com.seckill.inventory.recovery;

import com.seckill.inventory.stock.StockRecordRepository;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What MySQL knows of an activity's stock, read as of one instant: the record, the orders still holding
 * units (LOCKED and not RETURNED: created or paid) and the orders whose units came back (RETURNED).
 * The live stock in Redis can be rebuilt from it once the ledger has caught up. A snapshot, not just the
 * record ({@link StockRecordRepository}): the held orders must add up with the counts they were read with.
 */
record StockSnapshot(StockRecordRepository.StockRecord record, List<HeldOrder> held, List<Long> returned) {

    /**
     * An order whose units are taken; {@code userId} is null for movements older than its column,
     * {@code idempotencyKey} when the buyer sent none or the movement is older than its column.
     */
    record HeldOrder(long orderId, String userId, int quantity, String idempotencyKey) {

        /** Its reservation as reserve.lua writes it: "userId:quantity:idempotencyKey" (empty key when none is known). */
        String reservation() {
            return (userId == null ? "" : userId) + ":" + quantity + ":" + (idempotencyKey == null ? "" : idempotencyKey);
        }

        /** Its field in the idempotency hash, "userId:key", or "" when the key or the buyer is not known. */
        String idempotencyField() {
            return userId == null || idempotencyKey == null ? "" : userId + ":" + idempotencyKey;
        }
    }

    /** Units each known buyer holds: LOCKED minus RETURNED per user, which is the sum of their held orders. */
    Map<String, Integer> bought() {
        Map<String, Integer> bought = new TreeMap<>();
        held.stream().filter(order -> order.userId() != null)
                .forEach(order -> bought.merge(order.userId(), order.quantity(), Integer::sum));
        return bought;
    }

    int heldUnits() {
        return held.stream().mapToInt(HeldOrder::quantity).sum();
    }
}
