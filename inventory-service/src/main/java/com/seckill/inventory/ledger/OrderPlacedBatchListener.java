package com.seckill.inventory.ledger;

import com.seckill.common.event.OrderPlacedEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyContext;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.common.message.MessageExt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Turns a batch of {@code seckill-order-placed-v1} messages into one ledger transaction. The batch is
 * acknowledged only after its transaction committed; any failure hands the whole batch back to RocketMQ,
 * which redelivers it with its backoff (redelivery is harmless: the ledger counts each order once).
 * A message that can never be read is not retried with the rest: it goes straight to the group's
 * dead-letter queue, so one bad message cannot hold the others back.
 */
class OrderPlacedBatchListener implements MessageListenerConcurrently {

    private static final Logger log = LoggerFactory.getLogger(OrderPlacedBatchListener.class);

    private final StockLedger ledger;
    private final JsonMapper json;
    private final Consumer<MessageExt> deadLetters;
    private final Counter applied;
    private final Counter duplicates;
    private final Counter unreadable;
    private final Counter retried;
    private final DistributionSummary batchSizes;

    OrderPlacedBatchListener(StockLedger ledger, JsonMapper json, MeterRegistry meters, Consumer<MessageExt> deadLetters) {
        this.ledger = ledger;
        this.json = json;
        this.deadLetters = deadLetters;
        this.applied = meters.counter("seckill.stock.ledger.movements", "result", "applied");
        this.duplicates = meters.counter("seckill.stock.ledger.movements", "result", "duplicate");
        this.unreadable = meters.counter("seckill.stock.ledger.unreadable");
        this.retried = meters.counter("seckill.stock.ledger.retried.batches");
        // how many orders share one transaction: near 1 means the ledger keeps up order by order, larger
        // during a rush, when batching is what keeps the hot stock row's lock short
        this.batchSizes = DistributionSummary.builder("seckill.stock.ledger.batch.size").register(meters);
    }

    @Override
    public ConsumeConcurrentlyStatus consumeMessage(List<MessageExt> messages, ConsumeConcurrentlyContext context) {
        List<OrderPlacedEvent> orders = new ArrayList<>(messages.size());
        for (MessageExt message : messages) {
            OrderPlacedEvent order = read(message);
            if (order != null) {
                orders.add(order);
            }
        }
        batchSizes.record(messages.size());
        try {
            StockLedger.Outcome outcome = ledger.record(orders);
            applied.increment(outcome.applied());
            duplicates.increment(outcome.duplicates());
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        } catch (RuntimeException e) {
            retried.increment();
            log.warn("Could not record a batch of {} orders in the stock ledger (first message {}); RocketMQ redelivers it later",
                    messages.size(), messages.get(0).getMsgId(), e);
            return ConsumeConcurrentlyStatus.RECONSUME_LATER;
        }
    }

    /** The order, or null when the message can never be counted (then it has been dead-lettered). */
    private OrderPlacedEvent read(MessageExt message) {
        try {
            OrderPlacedEvent order = json.readValue(message.getBody(), OrderPlacedEvent.class);
            if (order.orderId() > 0 && order.activityId() > 0 && order.quantity() > 0) {
                return order;
            }
            reject(message, "no order id, activity id or quantity");
        } catch (JacksonException e) {
            reject(message, e.getOriginalMessage());
        }
        return null;
    }

    private void reject(MessageExt message, String why) {
        unreadable.increment();
        String body = message.getBody() == null ? "" : new String(message.getBody(), StandardCharsets.UTF_8);
        try {
            deadLetters.accept(message);
            log.error("Unreadable order message {} ({}), moved to the dead-letter queue: {}", message.getMsgId(), why, abbreviate(body));
        } catch (RuntimeException e) {
            // Retrying would not make it readable; the log keeps what it said.
            log.error("Unreadable order message {} ({}) skipped, and could not be dead-lettered ({}): {}",
                    message.getMsgId(), why, e.toString(), abbreviate(body));
        }
    }

    private static String abbreviate(String body) {
        return body.length() <= 1_000 ? body : body.substring(0, 1_000) + "...";
    }
}
