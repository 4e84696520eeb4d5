package com.seckill.order.query;

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

    public static final String PENDING = OrderStatus.PENDING.name();
}
