package com.seckill.order.order;

import java.time.Instant;

/** The public JSON of an order (api.md); ids are strings. */
public record OrderView(
        String orderId,
        String activityId,
        String productId,
        int quantity,
        long amountCents,
        String status,
        Instant createdAt,
        Instant payBy) {

    /** Accepted (stock reserved, message stored by the broker) and not yet in MySQL. */
    public static final String PENDING = "PENDING";
}
