package com.seckill.order.activity;

import java.time.Instant;

/** What order-service needs to know about a flash-sale activity to take an order for it. */
public record SaleActivity(long id, long productId, long seckillPriceCents, int limitPerUser, Instant startAt, Instant endAt) {

    public boolean notStartedAt(Instant now) {
        return now.isBefore(startAt);
    }

    public boolean endedAt(Instant now) {
        return !now.isBefore(endAt);
    }

    /** product-service's JSON (ids are strings there); fields this service does not use are ignored. */
    record Json(String id, String productId, long seckillPriceCents, int limitPerUser, Instant startAt, Instant endAt) {

        SaleActivity toActivity() {
            return new SaleActivity(Long.parseLong(id), Long.parseLong(productId), seckillPriceCents, limitPerUser, startAt, endAt);
        }
    }
}
