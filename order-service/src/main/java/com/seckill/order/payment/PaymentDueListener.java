package com.seckill.order.payment;

import com.seckill.events.order.PaymentDueEvent;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.spring.annotation.RocketMQMessageListener;
import org.apache.rocketmq.spring.core.RocketMQListener;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Version 1 of the payment timer, one message per order ({@link PaymentDueEvent}). Consumers from
 * before {@link PaymentDueBatchListener} still schedule these, and a scheduled one arrives up to the
 * payment timeout later (its retries up to about 5 h more), so this listener stays until no old
 * consumer is left and that time has passed (order-service's README). If the row is not there yet,
 * or the timer came early, it throws: the broker delivers it again later (its retry back-off), so no
 * check is ever dropped. {@code seckill.payment.checks=false} leaves them to the other
 * instances (e.g. one kept apart for a test or a migration).
 */
@Component
@ConditionalOnProperty(name = "seckill.payment.checks", havingValue = "true", matchIfMissing = true)
@RocketMQMessageListener(topic = PaymentDueEvent.TOPIC, consumerGroup = "${seckill.payment.due-group}")
class PaymentDueListener implements RocketMQListener<MessageExt> {

    private final PaymentCheck check;
    private final JsonMapper json;

    PaymentDueListener(PaymentCheck check, JsonMapper json) {
        this.check = check;
        this.json = json;
    }

    @Override
    public void onMessage(MessageExt message) {
        PaymentDueEvent due = json.readValue(message.getBody(), PaymentDueEvent.class);
        PaymentCheck.Outcome outcome = check.check(due.orderId(), due.payBy());
        if (!outcome.decided()) {
            // Thrown, the message goes back to the broker, which delivers it again after its retry delay.
            throw new IllegalStateException("Payment check of order " + due.orderId() + " undecided (" + outcome + "); retried later");
        }
    }
}
