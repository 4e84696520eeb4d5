package com.seckill.events.order;

import java.time.Instant;

/**
 * An order accepted by order-service: stock is reserved, and the order must reach MySQL exactly once.
 * Version 1 of the wire format; a breaking change gets a new record and a new topic, never an edit here
 * (adding a field at the end is not breaking: readers ignore what they do not know).
 *
 * <p>{@code sequence} numbers the buyer's order attempts in the activity, counted by order-service,
 * growing and never reused (also not after a Redis loss): (userId, activityId, sequence) names one purchase, so a second
 * order id for the same purchase can never become a second row.
 *
 * <p>{@code payBy}: unpaid then, the order is cancelled and its stock returned (null in events from
 * before payment timeouts existed).
 *
 * <p>{@code idempotencyKey}: the buyer's {@code Idempotency-Key} that placed the order (null: none, or an
 * event from before the field). inventory-service's stock ledger keeps it, so that a Redis that lost
 * everything gets back which order each key placed, and a buyer's retry with it still finds that order.
 */
public record OrderPlacedEvent(
        long orderId,
        String userId,
        long activityId,
        long productId,
        int quantity,
        long amountCents,
        Instant placedAt,
        long sequence,
        Instant payBy,
        String idempotencyKey) {

    /** An order placed without an Idempotency-Key. */
    public OrderPlacedEvent(long orderId, String userId, long activityId, long productId, int quantity, long amountCents,
                            Instant placedAt, long sequence, Instant payBy) {
        this(orderId, userId, activityId, productId, quantity, amountCents, placedAt, sequence, payBy, null);
    }

    /** Topic name carries the version, so old and new consumers can run side by side during a rollout. */
    public static final String TOPIC = "seckill-order-placed-v1";
}
