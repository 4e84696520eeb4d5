package com.seckill.order.lifecycle;

import com.seckill.order.query.OrderStatus;

import java.util.UUID;

/**
 * One status change riding in a transactional message: the local transaction sets {@code changed}
 * when its compare-and-set won. The RocketMQ client runs it on the sending thread.
 */
final class TransitionAttempt {

    private final long orderId;
    private final OrderStatus target;
    private final String changeId = UUID.randomUUID().toString();
    private boolean changed;

    TransitionAttempt(long orderId, OrderStatus target) {
        this.orderId = orderId;
        this.target = target;
    }

    /** Names this change: the row keeps the id of the change that won. */
    String changeId() {
        return changeId;
    }

    long orderId() {
        return orderId;
    }

    OrderStatus target() {
        return target;
    }

    boolean changed() {
        return changed;
    }

    void changed(boolean changed) {
        this.changed = changed;
    }
}
