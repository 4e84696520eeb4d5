package com.seckill.product.activity;

import java.time.Instant;

/** Where a sale stands on the clock; derived, never stored, so it cannot go stale. */
public enum ActivityStatus {
    UPCOMING, ACTIVE, ENDED;

    /** The window is half-open, [startAt, endAt): at endAt exactly the sale is over. */
    public static ActivityStatus at(Instant now, Instant startAt, Instant endAt) {
        if (now.isBefore(startAt)) {
            return UPCOMING;
        }
        return now.isBefore(endAt) ? ACTIVE : ENDED;
    }
}
