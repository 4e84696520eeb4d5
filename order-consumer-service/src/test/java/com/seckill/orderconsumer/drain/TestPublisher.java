package com.seckill.orderconsumer.drain;

import com.seckill.events.order.OrderPlacedEvent;
import com.seckill.testsupport.TestServers;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.remoting.exception.RemotingException;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Publishes order messages the way any producer would, with a plain RocketMQ producer: the tests do
 * not depend on how order-service sends them. Keys are the order id, as order-service sets them.
 */
final class TestPublisher implements AutoCloseable {

    /** RocketMQ takes batches up to 4 MiB; 100 small orders stay far below. */
    private static final int BATCH = 100;

    /** Jackson's defaults, not this application's: the JSON of some other service. */
    private final JsonMapper json = JsonMapper.builder().build();
    private final String topic;
    private final DefaultMQProducer producer;

    /** One per test class: a producer takes up to seconds to shut down. */
    TestPublisher(String topic) {
        this.topic = topic;
        // A group of its own: two producers of one group may not live in one JVM.
        this.producer = new DefaultMQProducer("it-publisher-" + UUID.randomUUID());
        producer.setNamesrvAddr(TestServers.rocketMqNamesrv());
        try {
            producer.start();
        } catch (MQClientException e) {
            throw new IllegalStateException(e);
        }
    }

    SendResult publish(OrderPlacedEvent order) {
        return send(List.of(message(order)));
    }

    /** In batches, as fast as the broker takes them. */
    void publishAll(List<OrderPlacedEvent> orders) {
        List<Message> batch = new ArrayList<>(BATCH);
        for (OrderPlacedEvent order : orders) {
            batch.add(message(order));
            if (batch.size() == BATCH) {
                send(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            send(batch);
        }
    }

    /** One batch lands in one queue, in this order. */
    SendResult publishTogether(List<Message> messages) {
        return send(messages);
    }

    Message message(OrderPlacedEvent order) {
        return raw(json.writeValueAsBytes(order), Long.toString(order.orderId()));
    }

    Message raw(String body, String keys) {
        return raw(body.getBytes(StandardCharsets.UTF_8), keys);
    }

    private Message raw(byte[] body, String keys) {
        Message message = new Message(topic, body);
        message.setKeys(keys);
        return message;
    }

    private SendResult send(List<Message> messages) {
        try {
            SendResult result = messages.size() == 1 ? producer.send(messages.get(0)) : producer.send(new ArrayList<>(messages));
            if (result.getSendStatus() != SendStatus.SEND_OK) {
                throw new IllegalStateException("broker answered " + result.getSendStatus());
            }
            return result;
        } catch (MQClientException | RemotingException | MQBrokerException e) {
            throw new IllegalStateException("could not publish to " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        producer.shutdown();
    }
}
