package com.seckill.order.order;

import com.seckill.common.event.OrderPlacedEvent;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.spring.core.RocketMQTemplate;
import org.apache.rocketmq.spring.support.RocketMQHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Puts accepted orders on the queue that funnels them into MySQL. The payload is JSON written with
 * the service's own mapper (not the RocketMQ starter's), so the wire format is ours to version.
 */
@Component
public class OrderEventPublisher {

    private static final Logger log = LoggerFactory.getLogger(OrderEventPublisher.class);

    private final RocketMQTemplate rocketMq;
    private final JsonMapper json;

    OrderEventPublisher(RocketMQTemplate rocketMq, JsonMapper json) {
        this.rocketMq = rocketMq;
        this.json = json;
    }

    /** Returns once the broker has stored the message; throws if it did not. */
    public SendResult publish(OrderPlacedEvent event) {
        var message = MessageBuilder.withPayload(json.writeValueAsBytes(event))
                // The order id as message key lets an operator find the message with mqadmin.
                .setHeader(RocketMQHeaders.KEYS, Long.toString(event.orderId()))
                .build();
        SendResult result = rocketMq.syncSend(OrderPlacedEvent.TOPIC, message);
        log.debug("Order {} sent to {} as message {}", event.orderId(), OrderPlacedEvent.TOPIC, result.getMsgId());
        return result;
    }
}
