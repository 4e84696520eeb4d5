package com.seckill.inventory.audit;

import com.seckill.inventory.stock.StockRecordRepository;
/**
 * Where an activity's units are, for an admin: in Redis ({@code remaining}), accepted but not yet in
 * MySQL ({@code pending}), and in MySQL's record ({@code created}, {@code paid}, {@code cancelled}).
 *
 * @param activityId  the activity, as a string like every id of the public contract
 * @param totalStock  the record's total
 * @param remaining   units left in Redis; null when Redis lost the counter (then never consistent)
 * @param pending     units of live reservations not yet recorded in MySQL (orders on their way through the queue)
 * @param created     units of accepted orders in the record (locked)
 * @param paid        units of paid orders in the record (sold)
 * @param cancelled   units returned by cancelled orders (their RETURNED movements): back in remaining
 * @param consistent  remaining + pending + created + paid = totalStock, pending is not negative, and once
 *                    nothing is pending, Redis and the record agree on what is left
 * @param drained     nothing pending: the record has caught up with every accepted order
 * @param undecided   reservations (part of pending) whose order message is still in the outbox after the
 *                    settle window: nobody confirmed sending it, and no sweep published it
 */
public record StockReport(String activityId, int totalStock, Long remaining, long pending, int created, int paid,
                          int cancelled, boolean consistent, boolean drained, Undecided undecided) {

    /**
     * Reservations still undecided after the settle window ({@code seckill.stock.undecided-after}).
     *
     * @param count       how many
     * @param oldestAgeMs how long ago the oldest of them was reserved; null when there is none
     */
    public record Undecided(long count, Long oldestAgeMs) {
        static final Undecided NONE = new Undecided(0, null);
    }

    /**
     * The report of a stock record and what Redis holds: {@code remaining} (null when Redis lost the
     * counter) and the units of live reservations ({@code reserved}).
     */
    static StockReport of(StockRecordRepository.StockRecord record, Long remaining, long reserved, Undecided undecided) {
        int created = record.locked();
        int paid = record.sold();
        // A cancelled order's units are back in available (record) and on the counter (Redis, where its
        // release also took them out of the reserved total): they are part of remaining, so the sum
        // below leaves them out. Until its release in Redis (just after the record's commit), the
        // order still counts as reserved: pending, like an order on its way through the queue.
        long pending = reserved - created - paid;
        boolean consistent = remaining != null
                && remaining + pending + created + paid == record.total()
                && pending >= 0
                && (pending != 0 || remaining == record.available());
        return new StockReport(Long.toString(record.activityId()), record.total(), remaining, pending, created, paid,
                record.returned(), consistent, pending == 0, undecided);
    }

    /** What Redis has left beyond what the record says is available (the record's invariant gives available). */
    long drift() {
        return remaining == null ? 0 : remaining - (totalStock - created - paid);
    }
}
