package com.seckill.product.activity;

import java.time.Instant;

/** A flash-sale activity as stored in seckill_product, with its product's list price. */
record Activity(
        long id,
        long productId,
        String title,
        long seckillPriceCents,
        long originalPriceCents,
        int totalStock,
        int limitPerUser,
        Instant startAt,
        Instant endAt) {

    ActivityStatus statusAt(Instant now) {
        return ActivityStatus.at(now, startAt, endAt);
    }
}
