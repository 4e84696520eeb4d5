package com.seckill.loadtest;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * C workers sending one kind of request back to back until the duration is up: the steady load of a
 * ceiling, a catalog read or a stream of late buyers, as opposed to a burst of N buyers.
 */
final class TimedScenario implements Scenario {

    /** The n-th request of the run (counted across workers), sent with the given client. */
    @FunctionalInterface
    interface Request {
        ShopClient.Answer send(ShopClient client, long n);
    }

    private final int concurrency;
    private final Duration duration;
    private final Request request;

    TimedScenario(int concurrency, Duration duration, Request request) {
        this.concurrency = concurrency;
        this.duration = duration;
        this.request = request;
    }

    @Override
    public void run(ShopClient client) throws InterruptedException {
        AtomicLong sent = new AtomicLong();
        // Starting a few dozen threads takes milliseconds: counted from here, the run is that much shorter.
        long deadline = System.nanoTime() + duration.toNanos();
        Workers.runTogether(concurrency, "steady", () -> {
            while (System.nanoTime() - deadline < 0 && !Thread.currentThread().isInterrupted()) {
                request.send(client, sent.getAndIncrement());
            }
        });
    }
}
