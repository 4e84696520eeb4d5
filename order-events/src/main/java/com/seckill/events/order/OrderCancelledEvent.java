package com.seckill.events.order;

import java.time.Instant;

/**
 * An order moved CREATED → CANCELLED, by its buyer or because it was not paid in time (committed only
 * if that change was made). inventory-service returns its units, once per order: to the live counter
 * in Redis, so another buyer can take them, and from locked to available in its stock record.
 */
public record OrderCancelledEvent(long orderId, String userId, long activityId, int quantity, Instant cancelledAt,
                                  Reason reason) {

    public static final String TOPIC = "seckill-order-cancelled-v1";

    public enum Reason {
        /** The buyer cancelled. */
        BUYER,
        /** Not paid by its payBy time. */
        PAYMENT_TIMEOUT
    }
}
