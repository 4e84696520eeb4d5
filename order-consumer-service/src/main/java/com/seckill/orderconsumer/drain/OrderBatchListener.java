package com.seckill.orderconsumer.drain;

import com.seckill.events.order.OrderPlacedEvent;
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
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Writes a batch of order messages to MySQL and schedules their payment checks. The batch is
 * acknowledged only once its orders are committed and their checks scheduled; if the write fails, RocketMQ delivers the whole batch again after its back-off (10 s,
 * 30 s, 1 min, ...), and after the last retry moves each message to the dead-letter topic. Messages
 * that can never become an order (poison) go to the dead-letter topic at once, without retries, and so
 * does an order whose id turns out to be another order's already (an id conflict): a redelivery is
 * the same order again, anything else under that id must not be taken for one.
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

    /** An order whose id MySQL already holds for a different order. */
    private record Conflict(MessageExt message, OrderPlacedEvent incoming, StoredOrder existing, List<String> differences) {
    }

    private final OrderMessageReader reader;
    private final OrderWriter writer;
    private final StoredOrders stored;
    private final WriteRateLimiter writeCap;
    private final DrainMetrics metrics;
    private final DrainProperties settings;
    private final DeadLetterQueue deadLetters;
    private final PaymentTimers paymentTimers;

    OrderBatchListener(OrderMessageReader reader, OrderWriter writer, StoredOrders stored, PaymentTimers paymentTimers,
                       WriteRateLimiter writeCap, DrainMetrics metrics, DrainProperties settings, DeadLetterQueue deadLetters) {
        this.reader = reader;
        this.writer = writer;
        this.stored = stored;
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

        List<Conflict> conflicts = List.of();
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
            OrderWriter.Outcome outcome = insert(orderMessages, orders);
            conflicts = outcome == null ? null : conflictsAmong(outcome, orderMessages, orders);
            if (conflicts == null || !schedulePaymentChecks(withoutConflicts(orders, conflicts))) {
                reportLastAttempts(messages);
                return ConsumeConcurrentlyStatus.RECONSUME_LATER;
            }
        }
        // Only after the orders are committed: if the batch is retried, its poison and conflicts come
        // back with it and are moved then, so each reaches the dead-letter topic once.
        for (Poison each : poison) {
            if (!moveToDeadLetters(each)) {
                return ConsumeConcurrentlyStatus.RECONSUME_LATER;
            }
        }
        for (Conflict each : conflicts) {
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

    /** The outcome, or null if nothing was written (logged; the batch comes again). */
    private OrderWriter.Outcome insert(List<MessageExt> messages, List<OrderPlacedEvent> orders) {
        try {
            OrderWriter.Outcome outcome = metrics.batchWrite.record(() -> writer.insertAll(orders));
            metrics.written.increment(outcome.written());
            return outcome;
        } catch (RuntimeException e) {
            log.warn("Writing a batch of {} orders failed; RocketMQ delivers it again after its back-off. Orders: {}. Error: {}",
                    orders.size(), describe(messages, orders), NestedExceptionUtils.getMostSpecificCause(e).toString(), e);
            return null;
        }
    }

    /**
     * Of the orders the insert found already there, those that are not the row under their id (null if
     * the rows could not be read: logged, the batch comes again, writing it is a no-op). A batch without
     * such orders costs nothing more; one with some, one query by primary key for all its ids, as the
     * insert does not say which of its rows were there. An order found under another order id (the same
     * user, activity and sequence: the same purchase) is a duplicate, as before.
     */
    private List<Conflict> conflictsAmong(OrderWriter.Outcome outcome, List<MessageExt> messages, List<OrderPlacedEvent> orders) {
        if (outcome.duplicates() == 0) {
            return List.of();
        }
        Map<Long, StoredOrder> rows;
        try {
            rows = stored.byIds(orders.stream().map(OrderPlacedEvent::orderId).collect(Collectors.toCollection(LinkedHashSet::new)));
        } catch (RuntimeException e) {
            log.warn("The {} orders of a batch are written ({} were there already) but the rows could not be read back to tell "
                    + "redeliveries from id conflicts; RocketMQ delivers the batch again (writing it is a no-op then): {}",
                    orders.size(), outcome.duplicates(), NestedExceptionUtils.getMostSpecificCause(e).toString());
            return null;
        }
        List<Conflict> conflicts = new ArrayList<>();
        for (int i = 0; i < orders.size(); i++) {
            OrderPlacedEvent order = orders.get(i);
            StoredOrder row = rows.get(order.orderId());
            if (row != null) {
                List<String> differences = row.differencesFrom(order);
                if (!differences.isEmpty()) {
                    conflicts.add(new Conflict(messages.get(i), order, row, differences));
                }
            }
        }
        metrics.duplicateDeliveries.increment(outcome.duplicates() - conflicts.size());
        if (outcome.duplicates() > conflicts.size()) {
            log.debug("{} of {} orders were already in MySQL (delivered again, or the same purchase under another order id)",
                    outcome.duplicates() - conflicts.size(), orders.size());
        }
        return conflicts;
    }

    /** An order in conflict is not this batch's to schedule: the row's own order has its check. */
    private static List<OrderPlacedEvent> withoutConflicts(List<OrderPlacedEvent> orders, List<Conflict> conflicts) {
        if (conflicts.isEmpty()) {
            return orders;
        }
        Set<OrderPlacedEvent> inConflict = Collections.newSetFromMap(new IdentityHashMap<>());
        conflicts.forEach(conflict -> inConflict.add(conflict.incoming()));
        return orders.stream().filter(order -> !inConflict.contains(order)).toList();
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

    private boolean moveToDeadLetters(Conflict conflict) {
        MessageExt message = conflict.message();
        try {
            deadLetters.moveNow(message);
        } catch (Exception e) {
            log.warn("Could not move {} (order id {} in conflict with another order) to {}; the whole batch is delivered again: {}",
                    describe(message), conflict.incoming().orderId(), settings.deadLetterTopic(), e.toString(), e);
            return false;
        }
        metrics.deadLettered(DeadLetterReason.ID_CONFLICT);
        log.error("Dead-lettered {}: order id {} is another order's in MySQL. The message's order ({}) differs in {} from the row "
                        + "({}), which stays as it is. One id was given to two orders (two order-service instances with one worker "
                        + "id?), and both buyers may have been told theirs was accepted. Moved to {} at once, without retries. Find "
                        + "it with {}; settle its order by hand (its units were reserved), e.g. send it again under a new order id.",
                describe(message), conflict.incoming().orderId(), StoredOrder.describe(conflict.incoming()),
                String.join(", ", conflict.differences()), conflict.existing().describe(), settings.deadLetterTopic(), howToFind(message));
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
