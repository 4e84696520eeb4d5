package com.seckill.events.order;

import java.time.Instant;

/**
 * A RocketMQ timer message delivered at an order's payBy time: order-service cancels the order if it
 * is still unpaid then. Sent by order-consumer-service once the order's row exists.
 *
 * <p>Superseded by {@link PaymentDueBatchEvent} (one message per batch, topic v2); order-service still
 * consumes this topic while messages scheduled by older consumers can arrive.
 */
public record PaymentDueEvent(long orderId, long activityId, Instant payBy) {

    public static final String TOPIC = "seckill-order-payment-due-v1";
}
