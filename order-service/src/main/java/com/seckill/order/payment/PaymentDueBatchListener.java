package com.seckill.order.payment;

import com.seckill.events.order.PaymentDueBatchEvent;
import com.seckill.events.order.PaymentDueBatchEvent.DueOrder;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.spring.annotation.RocketMQMessageListener;
import org.apache.rocketmq.spring.core.RocketMQListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;

/**
 * The payment timer, version 2: one message for the orders of a written batch that fell due together
 * ({@link PaymentDueBatchEvent}). Each order is checked on its own ({@link PaymentCheck}): cancelled
 * if still unpaid at its own payBy, left alone if paid or cancelled.
 *
 * <p>Partial failure: every order that can be decided is decided, then, if any could not be (no row
 * yet, the message came before its payBy, the cancel's transactional send failed), the listener
 * throws and the broker delivers the whole message again after its back-off. Checking the decided
 * orders again changes nothing (they are no longer CREATED; the cancel is a compare-and-set), so the
 * retry costs one SELECT per order and nothing is ever dropped. A MySQL error is not caught per order:
 * it ends the message at once (the next order would only wait for the same timeout), and the message
 * comes again the same way. Splitting the undecided orders off into
 * a new timer message was not chosen: order-service would become a second publisher of the consumer's
 * topic, and a check that stays undecided through every retry would not reach the dead-letter topic
 * with its retry history. {@code seckill.payment.checks=false} leaves the checks to other
 * instances, as for version 1.
 */
@Component
@ConditionalOnProperty(name = "seckill.payment.checks", havingValue = "true", matchIfMissing = true)
@RocketMQMessageListener(topic = PaymentDueBatchEvent.TOPIC, consumerGroup = "${seckill.payment.due-batch-group}")
class PaymentDueBatchListener implements RocketMQListener<MessageExt> {

    private static final Logger log = LoggerFactory.getLogger(PaymentDueBatchListener.class);

    private final PaymentCheck check;
    private final JsonMapper json;

    PaymentDueBatchListener(PaymentCheck check, JsonMapper json) {
        this.check = check;
        this.json = json;
    }

    @Override
    public void onMessage(MessageExt message) {
        PaymentDueBatchEvent due = json.readValue(message.getBody(), PaymentDueBatchEvent.class);
        List<String> undecided = new ArrayList<>();
        for (DueOrder order : due.orders()) {
            PaymentCheck.Outcome outcome = check.check(order.orderId(), order.payBy());
            if (!outcome.decided()) {
                undecided.add(order.orderId() + " (" + outcome + ")");
            }
        }
        if (!undecided.isEmpty()) {
            log.info("Payment checks of {} of the {} orders of message {} (attempt {}) undecided, the message comes again: {}",
                    undecided.size(), due.orders().size(), message.getMsgId(), message.getReconsumeTimes() + 1, undecided);
            // Thrown, the message goes back to the broker, which delivers it again after its retry delay.
            throw new IllegalStateException(undecided.size() + " of " + due.orders().size()
                    + " payment checks undecided; the message is retried later");
        }
    }
}
