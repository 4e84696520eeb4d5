package com.seckill.loadtest;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * N distinct buyers, each buying one item. Used for both {@code flash-sale} and {@code sold-out}: the
 * flow is the same, only the activity's stock differs. Besides every request (in the client's
 * recorder), each buyer's decision is recorded: the final answer, timed from the buyer's first request,
 * so a design that needs two requests per buyer is compared fairly with one that needs one.
 */
final class FlashSaleScenario implements Scenario {

    private final String activityId;
    private final int buyers;
    private final int concurrency;
    private final Duration ramp;
    private final ShopperTokens tokens;
    private final String userPrefix;
    private final Checkout checkout;
    private final Recorder decisions = new Recorder();
    private final Queue<String> acceptedOrderIds = new ConcurrentLinkedQueue<>();

    /** @param userPrefix unique per run, so a rerun on the same activity is not all ALREADY_PURCHASED */
    FlashSaleScenario(String activityId, int buyers, int concurrency, Duration ramp, ShopperTokens tokens,
                      String userPrefix, Checkout checkout) {
        this.activityId = activityId;
        this.buyers = buyers;
        this.concurrency = Math.min(concurrency, buyers);
        this.ramp = ramp;
        this.tokens = tokens;
        this.userPrefix = userPrefix;
        this.checkout = checkout;
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
                long startMillis = System.currentTimeMillis();
                long start = System.nanoTime();
                ShopClient.Answer answer = checkout.buy(client, activityId, jwts[buyer]);
                decisions.record(startMillis, System.nanoTime() - start, answer.status(), answer.code());
                if (answer.status() == checkout.accepted()) {
                    acceptedOrderIds.add(answer.field("orderId"));
                }
            }
        });
    }

    /** One sample per buyer: the answer that decided, timed from the buyer's first request. */
    List<Sample> decisions() {
        return decisions.samples();
    }

    List<String> acceptedOrderIds() {
        return List.copyOf(acceptedOrderIds);
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
