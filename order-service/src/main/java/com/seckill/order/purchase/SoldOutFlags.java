package com.seckill.order.purchase;

import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * "This activity is sold out", remembered in this instance's memory once inventory-service said so:
 * the thousands of buyers who arrive after the last unit are refused without a token check, a Redis
 * call or a message. Units returned by a cancellation must sell again, so every recheck interval one
 * token request and one order get through (not the crowd that arrives at that moment): the order
 * asks inventory, whose answer marks or clears the flag.
 */
@Component
class SoldOutFlags {

    private final Map<Long, Flag> flags = new ConcurrentHashMap<>();
    private final Clock clock;
    private final long recheckMillis;

    SoldOutFlags(Clock clock, PurchaseProperties properties) {
        this.clock = clock;
        this.recheckMillis = properties.soldOutRecheck().toMillis();
    }

    /** True while sold out, except for the one token request per interval that may try its luck. */
    boolean refusesToken(long activityId) {
        Flag flag = flags.get(activityId);
        return flag != null && refuses(flag.tokenPassesAt());
    }

    /** True while sold out, except for the one order per interval that asks inventory again. */
    boolean refusesOrder(long activityId) {
        Flag flag = flags.get(activityId);
        return flag != null && refuses(flag.orderPassesAt());
    }

    void markSoldOut(long activityId) {
        long passesAt = clock.millis() + recheckMillis;
        flags.put(activityId, new Flag(new AtomicLong(passesAt), new AtomicLong(passesAt)));
    }

    /** Inventory found units again (a cancellation returned some): sell them at once. */
    void markAvailable(long activityId) {
        flags.remove(activityId);
    }

    /** Once due, exactly one caller wins the compare-and-set and passes; it re-arms for the others. */
    private boolean refuses(AtomicLong passesAt) {
        long now = clock.millis();
        long at = passesAt.get();
        return now < at || !passesAt.compareAndSet(at, now + recheckMillis);
    }

    /** When the next token request and the next order may pass. */
    private record Flag(AtomicLong tokenPassesAt, AtomicLong orderPassesAt) {
    }
}
