package com.seckill.orderconsumer.drain;

import com.seckill.common.event.OrderPlacedEvent;
import com.seckill.orderconsumer.drain.DrainMetrics.DeadLetterReason;
import com.seckill.orderconsumer.drain.OrderMessageReader.Reading;
import com.seckill.orderconsumer.drain.OrderMessageReader.Rejection;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyContext;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.common.message.MessageExt;
import com.seckill.orderconsumer.timer.PaymentTimers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Writes a batch of order messages to MySQL and schedules their payment checks. The batch is
 * acknowledged only once its orders are committed and their checks scheduled; if the write fails, RocketMQ delivers the whole batch again after its back-off (10 s,
 * 30 s, 1 min, ...), and after the last retry moves each message to the dead-letter topic. Messages
 * that can never become an order (poison) go to the dead-letter topic at once, without retries.
 */
final class OrderBatchListener implements MessageListenerConcurrently {

    /** Moves a message to the consumer group's dead-letter topic now, skipping its retries. */
    @FunctionalInterface
    interface DeadLetterQueue {
        void moveNow(MessageExt message) throws Exception;
    }

    private static final Logger log = LoggerFactory.getLogger(OrderBatchListener.class);

    private record Poison(MessageExt message, Rejection rejection) {
    }

    private final OrderMessageReader reader;
    private final OrderWriter writer;
    private final WriteRateLimiter writeCap;
    private final DrainMetrics metrics;
    private final DrainProperties settings;
    private final DeadLetterQueue deadLetters;
    private final PaymentTimers paymentTimers;

    OrderBatchListener(OrderMessageReader reader, OrderWriter writer, PaymentTimers paymentTimers, WriteRateLimiter writeCap,
                       DrainMetrics metrics, DrainProperties settings, DeadLetterQueue deadLetters) {
        this.reader = reader;
        this.writer = writer;
        this.paymentTimers = paymentTimers;
        this.writeCap = writeCap;
        this.metrics = metrics;
        this.settings = settings;
        this.deadLetters = deadLetters;
    }

    @Override
    public ConsumeConcurrentlyStatus consumeMessage(List<MessageExt> messages, ConsumeConcurrentlyContext context) {
        metrics.batchSize.record(messages.size());
        List<MessageExt> orderMessages = new ArrayList<>(messages.size());
        List<OrderPlacedEvent> orders = new ArrayList<>(messages.size());
        List<Poison> poison = new ArrayList<>();
        for (MessageExt message : messages) {
            Reading reading = reader.read(message);
            if (reading.isOrder()) {
                orderMessages.add(message);
                orders.add(reading.order());
            } else {
                poison.add(new Poison(message, reading.rejection()));
            }
        }

        if (!orders.isEmpty()) {
            try {
                awaitWriteCap(orders.size());
            } catch (InterruptedException e) {
                // Only a shutdown that ran out of time interrupts: nothing was written, RocketMQ
                // sends the batch back and delivers it again after the restart. The interrupt is
                // deliberately not restored: with the flag set, the client's bookkeeping of this
                // result fails on its first message, skips sending it back and loses it.
                log.info("Stopping: {} orders not written, RocketMQ delivers them again", orders.size());
                return ConsumeConcurrentlyStatus.RECONSUME_LATER;
            }
            if (!insert(orderMessages, orders) || !schedulePaymentChecks(orders)) {
                reportLastAttempts(messages);
                return ConsumeConcurrentlyStatus.RECONSUME_LATER;
            }
        }
        // Only after the orders are committed: if the batch is retried, its poison comes back with
        // it and is moved then, so each poison message reaches the dead-letter topic once.
        for (Poison each : poison) {
            if (!moveToDeadLetters(each)) {
                return ConsumeConcurrentlyStatus.RECONSUME_LATER;
            }
        }
        return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
    }

    private void awaitWriteCap(int orders) throws InterruptedException {
        long start = System.nanoTime();
        writeCap.acquire(orders);
        metrics.capWait.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }

    private boolean insert(List<MessageExt> messages, List<OrderPlacedEvent> orders) {
        try {
            OrderWriter.Outcome outcome = metrics.batchWrite.record(() -> writer.insertAll(orders));
            metrics.written.increment(outcome.written());
            metrics.duplicateDeliveries.increment(outcome.duplicates());
            if (outcome.duplicates() > 0) {
                log.debug("{} of {} orders were already in MySQL (delivered again, or the same purchase under another order id)",
                        outcome.duplicates(), orders.size());
            }
            return true;
        } catch (RuntimeException e) {
            log.warn("Writing a batch of {} orders failed; RocketMQ delivers it again after its back-off. Orders: {}. Error: {}",
                    orders.size(), describe(messages, orders), NestedExceptionUtils.getMostSpecificCause(e).toString(), e);
            return false;
        }
    }

    private boolean schedulePaymentChecks(List<OrderPlacedEvent> orders) {
        try {
            paymentTimers.schedule(orders);
            return true;
        } catch (InterruptedException e) {
            // Not restored, for the reason given at the write cap; the batch comes back after the restart.
            log.info("Stopping: payment checks of {} written orders not scheduled, RocketMQ delivers them again", orders.size());
            return false;
        } catch (RuntimeException e) {
            log.warn("The {} orders of a batch are written but their payment checks could not be scheduled; RocketMQ "
                    + "delivers the batch again (writing is a no-op then, scheduling is retried): {}", orders.size(), e.getMessage());
            return false;
        }
    }

    /** "order 42 (message 7F00..., attempt 1 of 17), ..." */
    private String describe(List<MessageExt> messages, List<OrderPlacedEvent> orders) {
        return IntStream.range(0, orders.size())
                .mapToObj(i -> "order " + orders.get(i).orderId() + " (message " + messages.get(i).getMsgId()
                        + ", attempt " + attempt(messages.get(i)) + " of " + (settings.maxRetries() + 1) + ")")
                .collect(Collectors.joining(", "));
    }

    /** RocketMQ moves a message that fails on its last retry to the dead-letter topic itself. */
    private void reportLastAttempts(List<MessageExt> messages) {
        for (MessageExt message : messages) {
            if (message.getReconsumeTimes() >= settings.maxRetries()) {
                metrics.deadLettered(DeadLetterReason.RETRIES_EXHAUSTED);
                log.error("Dead-lettered {}: its last attempt ({} of {}) failed, RocketMQ moves it to {}. Find it with {}; "
                                + "once the cause is fixed, send it to {} again (an order already written stays one row).",
                        describe(message), attempt(message), settings.maxRetries() + 1, settings.deadLetterTopic(),
                        howToFind(message), settings.topic());
            }
        }
    }

    private boolean moveToDeadLetters(Poison poison) {
        MessageExt message = poison.message();
        try {
            deadLetters.moveNow(message);
        } catch (Exception e) {
            // An InterruptedException is not restored either, for the reason given at the write cap.
            log.warn("Could not move poison {} to {}; the whole batch is delivered again (its orders are written "
                    + "already, writing them again changes nothing): {}", describe(message), settings.deadLetterTopic(), e.toString(), e);
            return false;
        }
        Rejection rejection = poison.rejection();
        metrics.deadLettered(rejection.kind() == Rejection.Kind.UNREADABLE ? DeadLetterReason.UNREADABLE : DeadLetterReason.INVALID);
        log.error("Dead-lettered {}: it can never be an order: {}. Moved to {} at once, without retries. Find it with {}; "
                        + "fix its publisher, then correct and resend it, or discard it.",
                describe(message), rejection.reason(), settings.deadLetterTopic(), howToFind(message));
        return true;
    }

    /** "message 7F00... (keys 42, topic t, queue 1, offset 17)" */
    private static String describe(MessageExt message) {
        return "message " + message.getMsgId() + " (keys " + message.getKeys() + ", topic " + message.getTopic()
                + ", queue " + message.getQueueId() + ", offset " + message.getQueueOffset() + ")";
    }

    /**
     * The broker keeps a dead-lettered message's keys and id. Keys first: messages sent together in
     * one producer batch share one id (apache/rocketmq#9416).
     */
    private String howToFind(MessageExt message) {
        String byId = "mqadmin queryMsgByUniqueKey -t " + settings.deadLetterTopic() + " -i " + message.getMsgId();
        return message.getKeys() == null || message.getKeys().isBlank() ? byId
                : "mqadmin queryMsgByKey -t " + settings.deadLetterTopic() + " -k " + message.getKeys() + " (or " + byId + ")";
    }

    private static int attempt(MessageExt message) {
        return message.getReconsumeTimes() + 1;
    }
}
