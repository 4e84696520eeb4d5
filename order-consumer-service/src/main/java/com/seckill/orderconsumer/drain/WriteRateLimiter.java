package com.seckill.orderconsumer.drain;

import java.util.concurrent.TimeUnit;

/**
 * The write cap of this instance (per instance, not per cluster: every consumer thread of this JVM
 * shares one limiter, and N instances write up to N times the rate). A token bucket that refills at
 * the rate and holds at most {@code burst} permits, so any window of T seconds admits at most
 * {@code burst + rate * T} orders.
 *
 * <p>A caller takes its permits at once, even into debt, and then sleeps until the debt is paid
 * off: callers are served in arrival order and nobody sleeps while holding the lock.
 */
final class WriteRateLimiter {

    private final double permitsPerNano;
    private final int burst;
    private double available; // guarded by this; negative while sleeping callers owe permits
    private long refilledAt; // guarded by this

    private WriteRateLimiter(int permitsPerSecond, int burst) {
        this.permitsPerNano = permitsPerSecond / (double) TimeUnit.SECONDS.toNanos(1);
        this.burst = burst;
        this.available = burst;
        this.refilledAt = System.nanoTime();
    }

    /** At most {@code permitsPerSecond} on average and {@code burst} at once, for this instance. */
    static WriteRateLimiter perInstance(int permitsPerSecond, int burst) {
        if (permitsPerSecond <= 0 || burst <= 0) {
            throw new IllegalArgumentException("rate and burst must be positive, were " + permitsPerSecond + " and " + burst);
        }
        return new WriteRateLimiter(permitsPerSecond, burst);
    }

    /** Never waits. */
    static WriteRateLimiter uncapped() {
        return new WriteRateLimiter(0, Integer.MAX_VALUE);
    }

    /** Blocks until {@code permits} (at most the burst) more orders may be written. */
    void acquire(int permits) throws InterruptedException {
        if (permitsPerNano == 0) {
            return;
        }
        if (permits < 1 || permits > burst) {
            throw new IllegalArgumentException("permits must be 1.." + burst + ", was " + permits);
        }
        long waitNanos;
        synchronized (this) {
            long now = System.nanoTime();
            available = Math.min(burst, available + (now - refilledAt) * permitsPerNano);
            refilledAt = now;
            available -= permits;
            waitNanos = available >= 0 ? 0 : (long) Math.ceil(-available / permitsPerNano);
        }
        TimeUnit.NANOSECONDS.sleep(waitNanos);
    }
}
