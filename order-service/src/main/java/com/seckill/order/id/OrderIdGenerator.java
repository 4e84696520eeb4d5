package com.seckill.order.id;

import java.time.Clock;
import java.time.Instant;

/**
 * Order ids made before MySQL sees the order: time-ordered and unique across instances without
 * coordination (Snowflake layout). 41 bits of milliseconds since 2026-01-01 (good for ~69 years),
 * 10 bits of worker id (one per running instance), 12 bits of sequence within a millisecond (4,096
 * ids per millisecond per instance). Positive longs; sorted by id is sorted by creation time.
 */
public final class OrderIdGenerator {

    static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    static final int WORKER_BITS = 10;
    static final int SEQUENCE_BITS = 12;
    static final int MAX_WORKER_ID = (1 << WORKER_BITS) - 1;
    private static final int MAX_SEQUENCE = (1 << SEQUENCE_BITS) - 1;
    // NTP may step the clock back a little; wait that out rather than risk a repeated id.
    private static final long MAX_BACKWARDS_MILLIS = 50;

    private final Clock clock;
    private final long workerId;
    private long lastMillis = -1;
    private long sequence;

    public OrderIdGenerator(int workerId, Clock clock) {
        if (workerId < 0 || workerId > MAX_WORKER_ID) {
            throw new IllegalArgumentException("worker id must be 0.." + MAX_WORKER_ID + ", not " + workerId);
        }
        this.workerId = workerId;
        this.clock = clock;
    }

    public synchronized long next() {
        long now = millisSinceEpoch();
        if (now < lastMillis) {
            if (lastMillis - now > MAX_BACKWARDS_MILLIS) {
                throw new IllegalStateException("Clock moved back " + (lastMillis - now) + " ms; refusing to issue ids that could repeat");
            }
            now = waitUntilAfter(lastMillis - 1);
        }
        if (now == lastMillis) {
            sequence = (sequence + 1) & MAX_SEQUENCE;
            if (sequence == 0) {
                now = waitUntilAfter(lastMillis);
            }
        } else {
            sequence = 0;
        }
        lastMillis = now;
        return (now << (WORKER_BITS + SEQUENCE_BITS)) | (workerId << SEQUENCE_BITS) | sequence;
    }

    /** The instant an id was made (to the millisecond). */
    public static Instant createdAt(long id) {
        return EPOCH.plusMillis(id >>> (WORKER_BITS + SEQUENCE_BITS));
    }

    static int workerOf(long id) {
        return (int) ((id >>> SEQUENCE_BITS) & MAX_WORKER_ID);
    }

    private long waitUntilAfter(long millis) {
        long now = millisSinceEpoch();
        while (now <= millis) {
            Thread.onSpinWait();
            now = millisSinceEpoch();
        }
        return now;
    }

    private long millisSinceEpoch() {
        return clock.millis() - EPOCH.toEpochMilli();
    }
}
