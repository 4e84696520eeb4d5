package com.seckill.order.purchase;

import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * "This activity is sold out", remembered in this instance's memory once inventory-service said so:
 * the thousands of buyers who arrive after the last unit are refused without a token check, a Redis
 * call or a message. The flag lapses after the recheck interval and the next buyer asks again, so
 * units returned by a cancellation are sold again within that interval.
 */
@Component
class SoldOutFlags {

    private final Map<Long, Long> soldOutUntil = new ConcurrentHashMap<>();
    private final Clock clock;
    private final long recheckMillis;

    SoldOutFlags(Clock clock, PurchaseProperties properties) {
        this.clock = clock;
        this.recheckMillis = properties.soldOutRecheck().toMillis();
    }

    boolean isSoldOut(long activityId) {
        Long until = soldOutUntil.get(activityId);
        return until != null && clock.millis() < until;
    }

    void markSoldOut(long activityId) {
        soldOutUntil.put(activityId, clock.millis() + recheckMillis);
    }
}
