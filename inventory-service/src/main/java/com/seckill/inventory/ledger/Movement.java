package com.seckill.inventory.ledger;

import com.seckill.events.order.OrderCancelledEvent;
import com.seckill.events.order.OrderPaidEvent;
import com.seckill.events.order.OrderPlacedEvent;

/**
 * One move of an order's units in the stock record, as its event tells it (a row of
 * {@code stock_movements}). SOLD and RETURNED are applied with the quantity and activity of the order's
 * LOCKED movement, which is what was actually taken from available.
 *
 * @param userId         the buyer; kept so that a Redis that lost everything can get back each buyer's units
 * @param idempotencyKey the buyer's key that placed the order (LOCKED only, null when none): kept so that
 *                       a Redis that lost everything can get back which order the key placed
 */
record Movement(Kind kind, long orderId, long activityId, int quantity, String userId, String idempotencyKey) {

    Movement(Kind kind, long orderId, long activityId, int quantity, String userId) {
        this(kind, orderId, activityId, quantity, userId, null);
    }

    enum Kind {
        /** Accepted: available → locked. */
        LOCKED,
        /** Paid: locked → sold. */
        SOLD,
        /** Cancelled: locked → available (and back on the live counter in Redis). */
        RETURNED
    }

    static Movement of(OrderPlacedEvent order) {
        return new Movement(Kind.LOCKED, order.orderId(), order.activityId(), order.quantity(), order.userId(), order.idempotencyKey());
    }

    static Movement of(OrderPaidEvent paid) {
        return new Movement(Kind.SOLD, paid.orderId(), paid.activityId(), paid.quantity(), paid.userId());
    }

    static Movement of(OrderCancelledEvent cancelled) {
        return new Movement(Kind.RETURNED, cancelled.orderId(), cancelled.activityId(), cancelled.quantity(), cancelled.userId());
    }

    boolean readable() {
        return orderId > 0 && activityId > 0 && quantity > 0;
    }

    /** This movement applied as the order's LOCKED movement says (same order, its activity and quantity). */
    Movement as(long lockedActivityId, int lockedQuantity) {
        return new Movement(kind, orderId, lockedActivityId, lockedQuantity, userId, idempotencyKey);
    }
}
