package com.seckill.order.purchase;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sales whose record of offered Idempotency-Keys ({@code PendingOrders#mayHavePlaced}, kept in Redis) may
 * have gone with a Redis that lost its data: inventory-service found no live stock for them (NOT_LOADED).
 * A keyed order after such a sale sold out is then always looked up in inventory, whose rebuild brings
 * back which order each key placed, instead of being refused from memory: a buyer whose 202 was lost just
 * before is answered their order, not SOLD_OUT. It costs a look-up per keyed order after the sale sold
 * out, only for these sales. This instance's memory: an instance started after the loss, or one that
 * asked inventory nothing during it, does not know (docs/reliability.md, scenario 4).
 */
@Component
class LostKeyRecords {

    private static final Logger log = LoggerFactory.getLogger(LostKeyRecords.class);

    private final Set<Long> activities = ConcurrentHashMap.newKeySet();

    void mark(long activityId) {
        if (activities.add(activityId)) {
            log.warn("Activity {} has no live stock in Redis (never loaded, or Redis lost its data): from now on a retry with an "
                    + "Idempotency-Key after it sold out asks inventory which order the key placed", activityId);
        }
    }

    boolean mayBeLost(long activityId) {
        return activities.contains(activityId);
    }
}
