package com.seckill.order.id;

/**
 * This instance's lease on a worker id, in its own clock's epoch milliseconds: ids may be stamped from
 * {@code validFrom} (inclusive) to {@code validUntil} (exclusive).
 *
 * <p>Why these bounds keep two holders of one id apart: Redis expires the key {@code ttl} after it
 * <em>received</em> the last SET or renewal, which is after this instance <em>sent</em> it, so the lease
 * ends here ({@code sent + ttl - margin}) at least {@code margin} before anybody else can take the id.
 * Whoever takes it next stamps ids from the moment Redis <em>answered</em> it, which is after the key
 * was free. Snowflake ids carry their timestamp, so the two holders' ids cannot meet as long as their
 * clocks differ by less than the margin. Only timestamps count, not when an id is used: a thread that
 * stalls after reading the clock still stamps a time inside the lease.
 */
record Lease(int workerId, long validFrom, long validUntil) {

    /** Taken with a SET sent at {@code sentAt} and answered at {@code answeredAt}. */
    static Lease taken(int workerId, long sentAt, long answeredAt, LeaseSettings settings) {
        return new Lease(workerId, answeredAt, endOf(sentAt, settings));
    }

    /**
     * Renewed by a call sent at {@code sentAt}: counted from the latest renewal only, never kept at an
     * earlier, longer end (after a clock step back that end would be wrong in the new frame).
     */
    Lease renewedAt(long sentAt, LeaseSettings settings) {
        return new Lease(workerId, validFrom, endOf(sentAt, settings));
    }

    boolean permits(long epochMillis) {
        return epochMillis >= validFrom && epochMillis < validUntil;
    }

    private static long endOf(long sentAt, LeaseSettings settings) {
        return sentAt + settings.ttl().toMillis() - settings.margin().toMillis();
    }
}
