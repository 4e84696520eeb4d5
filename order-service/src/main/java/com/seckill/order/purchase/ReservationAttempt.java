package com.seckill.order.purchase;

import com.seckill.order.query.PendingOrders;

import java.util.concurrent.CompletableFuture;

/**
 * One order on its way through a group commit: what to reserve, and the answer its buyer's request
 * thread waits for: inventory's decision once the order message is with the broker (OK), or at once
 * for a refusal; completed exceptionally with a {@link PlacementFailure} when no decision can be given.
 */
record ReservationAttempt(PendingOrders.PendingOrder order, int limitPerUser,
                          CompletableFuture<InventoryClient.Reservation> answer) implements GroupCommit.Queued {

    ReservationAttempt(PendingOrders.PendingOrder order, int limitPerUser) {
        this(order, limitPerUser, new CompletableFuture<>());
    }
}
