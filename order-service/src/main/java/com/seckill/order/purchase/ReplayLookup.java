package com.seckill.order.purchase;

import java.util.concurrent.CompletableFuture;

/**
 * A keyed order that came after its sale sold out: most likely a retry of an order whose answer was lost.
 * It reserves nothing; the group commit asks which order the buyer's key placed, and the answer is that
 * order ({@code DUPLICATE}) or {@code SOLD_OUT}.
 */
record ReplayLookup(long activityId, String userId, String idempotencyKey,
                    CompletableFuture<InventoryClient.Reservation> answer) implements GroupCommit.Queued {

    ReplayLookup(long activityId, String userId, String idempotencyKey) {
        this(activityId, userId, idempotencyKey, new CompletableFuture<>());
    }
}
