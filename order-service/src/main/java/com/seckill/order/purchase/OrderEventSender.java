package com.seckill.order.purchase;

import com.seckill.common.event.OrderPlacedEvent;
import org.apache.rocketmq.client.producer.TransactionSendResult;
import org.apache.rocketmq.spring.core.RocketMQTemplate;
import org.apache.rocketmq.spring.support.RocketMQHeaders;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends an order to the queue that funnels it into MySQL, as a transactional message whose local
 * transaction is the stock reservation ({@link ReservationTransaction}). The payload is JSON written
 * with the service's own mapper (not the RocketMQ starter's), so the wire format is ours to version.
 */
@Component
class OrderEventSender {

    private final RocketMQTemplate rocketMq;
    private final JsonMapper json;

    // The starter's template, whose transaction listener is the reservation (not the lifecycle's).
    OrderEventSender(@Qualifier("rocketMQTemplate") RocketMQTemplate rocketMq, JsonMapper json) {
        this.rocketMq = rocketMq;
        this.json = json;
    }

    /**
     * Returns once the broker has the half message and the reservation was tried (see the attempt
     * for its outcome); throws if the broker did not take the message, and then nothing was reserved.
     */
    TransactionSendResult sendReserving(ReservationAttempt attempt) {
        OrderPlacedEvent order = attempt.order();
        var message = MessageBuilder.withPayload(json.writeValueAsBytes(order))
                // The order id as message key lets an operator find the message with mqadmin.
                .setHeader(RocketMQHeaders.KEYS, Long.toString(order.orderId()))
                .build();
        return rocketMq.sendMessageInTransaction(OrderPlacedEvent.TOPIC, message, attempt);
    }
}
