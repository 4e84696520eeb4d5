package com.seckill.loadtest;

import java.time.Duration;

/** C readers alternating between the activity list and one activity until the duration is up. */
final class BrowseScenario implements Scenario {

    private final String activityId;
    private final int concurrency;
    private final Duration duration;

    BrowseScenario(String activityId, int concurrency, Duration duration) {
        this.activityId = activityId;
        this.concurrency = concurrency;
        this.duration = duration;
    }

    @Override
    public void run(ShopClient client) throws InterruptedException {
        long deadline = System.nanoTime() + duration.toNanos();
        Workers.runTogether(concurrency, "reader", () -> {
            while (System.nanoTime() - deadline < 0 && !Thread.currentThread().isInterrupted()) {
                client.get("/api/activities");
                client.get("/api/activities/" + activityId);
            }
        });
    }
}
