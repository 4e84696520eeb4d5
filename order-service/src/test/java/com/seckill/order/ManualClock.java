package com.seckill.order;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock the test sets; it can also step one millisecond forward after being read n more times. */
public final class ManualClock extends Clock {

    private final AtomicLong millis;
    private final AtomicLong readsUntilTick = new AtomicLong(-1);

    public ManualClock(long millis) {
        this.millis = new AtomicLong(millis);
    }

    public void set(long value) {
        millis.set(value);
    }

    public void advance(long byMillis) {
        millis.addAndGet(byMillis);
    }

    public void advanceAfterReads(long reads) {
        readsUntilTick.set(reads);
    }

    @Override
    public long millis() {
        if (readsUntilTick.get() >= 0 && readsUntilTick.getAndDecrement() == 0) {
            millis.incrementAndGet();
        }
        return millis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
