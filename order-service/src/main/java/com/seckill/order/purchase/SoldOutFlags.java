package com.seckill.order.purchase;

import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * "This activity is sold out", remembered in this instance's memory once inventory-service said so:
 * the thousands of buyers who arrive after the last unit are refused without a token check, a Redis
 * call or a message. The flag lapses after the recheck interval so that units returned by a
 * cancellation are sold again; then one order, not the whole crowd, asks inventory again.
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

    /** For token requests: a plain read, true until the flag lapses. */
    boolean isSoldOut(long activityId) {
        Long until = soldOutUntil.get(activityId);
        return until != null && clock.millis() < until;
    }

    /**
     * For orders: true while the flag holds. Once it has lapsed, exactly one caller gets false and
     * asks inventory (whose answer marks or clears the flag); the flag is re-armed for everyone else
     * at that moment, so a crowd arriving together costs one reservation call, not one each.
     */
    boolean refusesOrder(long activityId) {
        Long until = soldOutUntil.get(activityId);
        if (until == null) {
            return false;
        }
        long now = clock.millis();
        return now < until || !soldOutUntil.replace(activityId, until, now + recheckMillis);
    }

    void markSoldOut(long activityId) {
        soldOutUntil.put(activityId, clock.millis() + recheckMillis);
    }

    /** Inventory found units again (a cancellation returned some): sell them at once. */
    void markAvailable(long activityId) {
        soldOutUntil.remove(activityId);
    }
}
