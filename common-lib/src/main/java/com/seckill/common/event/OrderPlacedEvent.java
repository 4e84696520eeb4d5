package com.seckill.common.event;

import java.time.Instant;

/**
 * An order accepted by order-service: stock is reserved, and the order must reach MySQL exactly once.
 * Version 1 of the wire format; a breaking change gets a new record and a new topic, never an edit here.
 */
public record OrderPlacedEvent(
        long orderId,
        String userId,
        long activityId,
        long productId,
        int quantity,
        long amountCents,
        Instant placedAt) {

    /** Topic name carries the version, so old and new consumers can run side by side during a rollout. */
    public static final String TOPIC = "seckill-order-placed-v1";
}
