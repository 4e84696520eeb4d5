package com.seckill.events.order;

import java.time.Instant;

/**
 * An order moved CREATED → PAID (committed only if that change was made). inventory-service moves the
 * order's units from locked to sold in its stock record, once per order.
 */
public record OrderPaidEvent(long orderId, String userId, long activityId, int quantity, Instant paidAt) {

    public static final String TOPIC = "seckill-order-paid-v1";
}
