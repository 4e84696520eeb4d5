package com.seckill.order.purchase;

import com.seckill.events.order.OrderPlacedEvent;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.spring.core.RocketMQTemplate;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Hands order messages to the broker, many in one request (a RocketMQ batch: one topic, one round trip,
 * stored together). Returns only once the broker has stored them: a buyer hears 202 after that, never
 * before. The payload is JSON written with the service's own mapper, so the wire format is ours to version.
 */
@Component
class OrderPublisher {

    private final DefaultMQProducer producer;

    OrderPublisher(@Qualifier("rocketMQTemplate") RocketMQTemplate rocketMq) {
        this.producer = rocketMq.getProducer();
    }

    /** @param messages each an order id and its JSON, as kept in the outbox */
    void publish(List<OutboxMessage> messages) throws Exception {
        List<Message> batch = messages.stream().map(OrderPublisher::toMessage).toList();
        SendResult result = batch.size() == 1 ? producer.send(batch.get(0)) : producer.send(batch);
        // Any other status means the broker stored the messages but could not flush or replicate them as
        // configured: not the durability a 202 promises. The outbox keeps them; the sweep sends them again.
        if (result.getSendStatus() != SendStatus.SEND_OK) {
            throw new IllegalStateException("The broker stored the order messages with status " + result.getSendStatus());
        }
    }

    /** Fetches the route to the order topic from the name server: proves it is reachable and knows a broker. */
    void checkRoute() throws Exception {
        producer.fetchPublishMessageQueues(OrderPlacedEvent.TOPIC);
    }

    private static Message toMessage(OutboxMessage outbox) {
        Message message = new Message(OrderPlacedEvent.TOPIC, outbox.json().getBytes(StandardCharsets.UTF_8));
        // The order id as message key lets an operator find the message with mqadmin.
        message.setKeys(outbox.orderId());
        return message;
    }

    record OutboxMessage(long activityId, String orderId, String json) {
    }
}
