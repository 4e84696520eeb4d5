package com.seckill.orderconsumer.drain;

import com.seckill.common.event.OrderPlacedEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.spring.annotation.RocketMQMessageListener;
import org.apache.rocketmq.spring.core.RocketMQListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drains accepted orders from RocketMQ into MySQL. A message is acknowledged only after its row is
 * committed; any failure throws, so the broker redelivers it later (and, after its retries, moves it
 * to the consumer group's dead-letter queue).
 */
@Component
@RocketMQMessageListener(topic = OrderPlacedEvent.TOPIC, consumerGroup = "${seckill.drain.consumer-group}")
class OrderPlacedListener implements RocketMQListener<MessageExt> {

    private static final Logger log = LoggerFactory.getLogger(OrderPlacedListener.class);

    private final OrderWriter writer;
    private final JsonMapper json;
    private final Counter written;
    private final Counter duplicates;

    OrderPlacedListener(OrderWriter writer, JsonMapper json, MeterRegistry meters) {
        this.writer = writer;
        this.json = json;
        this.written = meters.counter("seckill.orders.written");
        this.duplicates = meters.counter("seckill.orders.duplicate.deliveries");
    }

    @Override
    public void onMessage(MessageExt message) {
        OrderPlacedEvent order = json.readValue(message.getBody(), OrderPlacedEvent.class);
        if (writer.insertIfAbsent(order)) {
            written.increment();
        } else {
            duplicates.increment();
            log.info("Order {} was already in MySQL; redelivery of message {} ignored", order.orderId(), message.getMsgId());
        }
    }
}
