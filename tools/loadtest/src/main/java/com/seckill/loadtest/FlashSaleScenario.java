package com.seckill.loadtest;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * N distinct buyers, each asking for a seckill token and then ordering one item. Used for both
 * {@code flash-sale} and {@code sold-out}: the flow is the same, only the activity's stock differs.
 */
final class FlashSaleScenario implements Scenario {

    private final String activityId;
    private final int buyers;
    private final int concurrency;
    private final Duration ramp;
    private final ShopperTokens tokens;
    private final String userPrefix;

    /** @param userPrefix unique per run, so a rerun on the same activity is not all ALREADY_PURCHASED */
    FlashSaleScenario(String activityId, int buyers, int concurrency, Duration ramp, ShopperTokens tokens,
                      String userPrefix) {
        this.activityId = activityId;
        this.buyers = buyers;
        this.concurrency = Math.min(concurrency, buyers);
        this.ramp = ramp;
        this.tokens = tokens;
        this.userPrefix = userPrefix;
    }

    @Override
    public void run(ShopClient client) throws InterruptedException {
        // JWTs are minted up front: HMAC work inside the burst would blur the instant of release.
        String[] jwts = new String[buyers];
        for (int i = 0; i < buyers; i++) {
            jwts[i] = tokens.mint(userPrefix + i);
        }
        AtomicInteger next = new AtomicInteger();
        long released = System.nanoTime();
        Workers.runTogether(concurrency, "buyer", () -> {
            for (int buyer = next.getAndIncrement(); buyer < buyers; buyer = next.getAndIncrement()) {
                waitUntil(released + startOffsetNanos(buyer, buyers, ramp));
                String seckillToken = client.requestToken(activityId, jwts[buyer]);
                if (seckillToken != null) {
                    client.placeOrder(activityId, jwts[buyer], seckillToken);
                }
            }
        });
    }

    /** Buyers start evenly over the ramp; with no ramp every offset is 0 and the latch alone decides. */
    static long startOffsetNanos(int buyer, int buyers, Duration ramp) {
        // Multiply first: dividing first would truncate and bunch the late buyers. An hour times a million
        // buyers still fits in a long.
        return ramp.toNanos() * buyer / buyers;
    }

    private static void waitUntil(long nanoTime) {
        for (long left = nanoTime - System.nanoTime(); left > 0; left = nanoTime - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }
}
