package com.seckill.events.order;

import java.time.Instant;
import java.util.List;

/**
 * Version 2 of the payment check: one RocketMQ timer message for the orders of one written batch
 * that fall due together, delivered once the latest of their payBy times has passed. order-service
 * cancels each order that is still unpaid at its own payBy. Published by order-consumer-service,
 * which owns this format; a breaking change gets a new record and topic (v3), never an edit here.
 *
 * <p>Why a batch: RocketMQ applies a delivery time only to single messages, so version 1 (one timer
 * message per order, {@link PaymentDueEvent}) cost one broker send per order and capped the drain near
 * 7,000 orders/s. Version 1 stays readable for the rollout.
 *
 * @param orders each order's own payBy: orders of one message may differ by up to the publisher's
 *               grouping window, and none may be cancelled before its own
 */
public record PaymentDueBatchEvent(List<DueOrder> orders) {

    /** Topic name carries the version, so version 1 and 2 can be consumed side by side during a rollout. */
    public static final String TOPIC = "seckill-order-payment-due-v2";

    public PaymentDueBatchEvent {
        orders = List.copyOf(orders);
    }

    /** One order to check: unpaid at {@code payBy}, it is cancelled. */
    public record DueOrder(long orderId, long activityId, Instant payBy) {
    }
}
