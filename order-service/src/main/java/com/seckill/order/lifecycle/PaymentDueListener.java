package com.seckill.order.lifecycle;

import com.seckill.common.event.PaymentDueEvent;
import com.seckill.order.order.OrderStatus;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.spring.annotation.RocketMQMessageListener;
import org.apache.rocketmq.spring.core.RocketMQListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.util.Locale;

/**
 * The payment timer: a RocketMQ timer message delivered at an order's payBy. Cancels the order if it
 * is still unpaid (which returns its stock); a paid or already cancelled order is left alone. If the
 * row is not there yet, or the timer came early, it throws: the broker delivers it again later
 * (its retry backoff), so no check is ever dropped. {@code seckill.lifecycle.payment-checks=false}
 * leaves them to the other instances (e.g. one kept apart for a test or a migration).
 */
@Component
@ConditionalOnProperty(name = "seckill.lifecycle.payment-checks", havingValue = "true", matchIfMissing = true)
@RocketMQMessageListener(topic = PaymentDueEvent.TOPIC, consumerGroup = "${seckill.lifecycle.payment-due-group}")
class PaymentDueListener implements RocketMQListener<MessageExt> {

    private static final Logger log = LoggerFactory.getLogger(PaymentDueListener.class);

    private final OrderTransitions transitions;
    private final JsonMapper json;
    private final Clock clock;
    private final MeterRegistry meters;

    PaymentDueListener(OrderTransitions transitions, JsonMapper json, Clock clock, MeterRegistry meters) {
        this.transitions = transitions;
        this.json = json;
        this.clock = clock;
        this.meters = meters;
    }

    @Override
    public void onMessage(MessageExt message) {
        PaymentDueEvent due = json.readValue(message.getBody(), PaymentDueEvent.class);
        OrderRow order = transitions.find(due.orderId()).orElseThrow(() ->
                retryLater("Payment check of order " + due.orderId() + " before its row exists"));
        String outcome;
        if (!OrderStatus.CREATED.name().equals(order.status())) {
            outcome = "already_" + order.status();
        } else if (clock.instant().isBefore(due.payBy())) {
            throw retryLater("Payment check of order " + due.orderId() + " came before its payBy " + due.payBy());
        } else {
            OrderTransitions.Outcome after = transitions.cancelUnpaid(order);
            outcome = after.changed() ? "cancelled" : "already_" + after.status();
            if (after.changed()) {
                log.info("Order {} was not paid by {}: cancelled, its stock goes back", due.orderId(), due.payBy());
            }
        }
        meters.counter("seckill.orders.payment-checks", "outcome", outcome.toLowerCase(Locale.ROOT)).increment();
    }

    // Thrown, the message goes back to the broker, which delivers it again after its retry delay.
    private IllegalStateException retryLater(String why) {
        meters.counter("seckill.orders.payment-checks", "outcome", "retry_later").increment();
        log.info("{}; checked again later", why);
        return new IllegalStateException(why + "; retried later");
    }
}
