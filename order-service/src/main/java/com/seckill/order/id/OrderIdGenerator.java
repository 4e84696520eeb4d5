package com.seckill.order.id;

import java.time.Clock;
import java.time.Instant;

/**
 * Order ids made before MySQL sees the order: time-ordered and unique across instances (Snowflake
 * layout). 41 bits of milliseconds since 2026-01-01 (good for ~69 years), 10 bits of worker id (one
 * per running instance: leased in Redis, see {@link LeasedWorkerId}), 12 bits of sequence within a
 * millisecond (4,096 ids per millisecond per instance). Positive longs; sorted by id is sorted by
 * creation time. An id is made only for a millisecond in which this instance holds its worker id;
 * otherwise {@link #next()} throws {@link WorkerIdUnavailable}.
 */
public final class OrderIdGenerator {

    static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    private static final long EPOCH_MILLIS = EPOCH.toEpochMilli();
    static final int WORKER_BITS = 10;
    static final int SEQUENCE_BITS = 12;
    static final int MAX_WORKER_ID = (1 << WORKER_BITS) - 1;
    private static final int MAX_SEQUENCE = (1 << SEQUENCE_BITS) - 1;
    // NTP may step the clock back a little; wait that out rather than risk a repeated id.
    private static final long MAX_BACKWARDS_MILLIS = 50;

    private final Clock clock;
    private final WorkerIdSource workerIds;
    private long lastMillis = -1;
    private long sequence;

    /** Always the same worker id: the operator's ({@code SECKILL_WORKER_ID}), or a test's. */
    public OrderIdGenerator(int workerId, Clock clock) {
        this(fixed(workerId), clock);
    }

    OrderIdGenerator(WorkerIdSource workerIds, Clock clock) {
        this.workerIds = workerIds;
        this.clock = clock;
    }

    /**
     * The next id, stamped with the current millisecond.
     *
     * @throws WorkerIdUnavailable if this instance holds no worker id for the current millisecond
     */
    public synchronized long next() {
        long now = millisSinceEpoch();
        if (now < lastMillis) {
            if (lastMillis - now > MAX_BACKWARDS_MILLIS) {
                throw new IllegalStateException("Clock moved back " + (lastMillis - now) + " ms; refusing to issue ids that could repeat");
            }
            now = waitUntilAfter(lastMillis - 1);
        }
        long nextSequence = 0;
        if (now == lastMillis) {
            nextSequence = (sequence + 1) & MAX_SEQUENCE;
            if (nextSequence == 0) {
                now = waitUntilAfter(lastMillis);
            }
        }
        // Asked for the very millisecond the id carries: that stamp, not the moment the id is used,
        // is what must lie inside the lease.
        int workerId = workerIds.workerIdAt(EPOCH_MILLIS + now);
        if (workerId == WorkerIdSource.NONE) {
            throw new WorkerIdUnavailable("No worker id is held for " + Instant.ofEpochMilli(EPOCH_MILLIS + now));
        }
        sequence = nextSequence;
        lastMillis = now;
        return (now << (WORKER_BITS + SEQUENCE_BITS)) | ((long) workerId << SEQUENCE_BITS) | sequence;
    }

    /** The worker id new ids get now, or {@link WorkerIdSource#NONE}: for the metric. */
    int workerIdNow() {
        return workerIds.workerIdAt(clock.millis());
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
        return clock.millis() - EPOCH_MILLIS;
    }

    private static WorkerIdSource fixed(int workerId) {
        if (workerId < 0 || workerId > MAX_WORKER_ID) {
            throw new IllegalArgumentException("worker id must be 0.." + MAX_WORKER_ID + ", not " + workerId);
        }
        return epochMillis -> workerId;
    }
}
