package com.seckill.product.activity;

import java.time.Instant;

/** The public JSON of an activity (api.md); ids are strings so JavaScript clients keep every digit. */
public record ActivityView(
        String id,
        String productId,
        String title,
        long seckillPriceCents,
        long originalPriceCents,
        int totalStock,
        int remainingStock,
        int limitPerUser,
        Instant startAt,
        Instant endAt,
        ActivityStatus status) {

    static ActivityView of(Activity activity, int remainingStock, Instant now) {
        return new ActivityView(
                Long.toString(activity.id()),
                Long.toString(activity.productId()),
                activity.title(),
                activity.seckillPriceCents(),
                activity.originalPriceCents(),
                activity.totalStock(),
                Math.max(0, remainingStock),
                activity.limitPerUser(),
                activity.startAt(),
                activity.endAt(),
                activity.statusAt(now));
    }
}
