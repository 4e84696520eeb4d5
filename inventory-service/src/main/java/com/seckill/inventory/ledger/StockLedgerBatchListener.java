package com.seckill.inventory.ledger;

import com.seckill.events.order.OrderCancelledEvent;
import com.seckill.events.order.OrderPaidEvent;
import com.seckill.events.order.OrderPlacedEvent;
import com.seckill.inventory.ledger.Movement.Kind;
import com.seckill.inventory.reservation.ReleaseResult;
import com.seckill.inventory.reservation.StockReleases;
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
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Turns a batch of order events (placed, paid, cancelled) into one ledger transaction, then puts the
 * units of cancelled orders back on the live counter in Redis. The batch is acknowledged only after
 * both; any failure hands the whole batch back to RocketMQ, which redelivers it with its backoff
 * (redelivery is harmless: the ledger moves each order's units once per kind, and a release in Redis
 * happens once per order). A message that can never be read is not retried with the rest: it goes
 * straight to the group's dead-letter queue, so one bad message cannot hold the others back.
 */
class StockLedgerBatchListener implements MessageListenerConcurrently {

    private static final Logger log = LoggerFactory.getLogger(StockLedgerBatchListener.class);

    private final StockLedger ledger;
    private final StockReleases releases;
    private final JsonMapper json;
    private final Consumer<MessageExt> deadLetters;
    private final MeterRegistry meters;
    private final Counter unreadable;
    private final Counter retried;
    private final DistributionSummary batchSizes;

    StockLedgerBatchListener(StockLedger ledger, StockReleases releases, JsonMapper json, MeterRegistry meters,
                             Consumer<MessageExt> deadLetters) {
        this.ledger = ledger;
        this.releases = releases;
        this.json = json;
        this.meters = meters;
        this.deadLetters = deadLetters;
        this.unreadable = meters.counter("seckill.stock.ledger.unreadable");
        this.retried = meters.counter("seckill.stock.ledger.retried.batches");
        // how many events share one transaction: near 1 means the ledger keeps up event by event, larger
        // during a rush, when batching is what keeps the hot stock row's lock short
        this.batchSizes = DistributionSummary.builder("seckill.stock.ledger.batch.size").register(meters);
    }

    @Override
    public ConsumeConcurrentlyStatus consumeMessage(List<MessageExt> messages, ConsumeConcurrentlyContext context) {
        List<Movement> movements = new ArrayList<>(messages.size());
        for (MessageExt message : messages) {
            Movement movement = read(message);
            if (movement != null) {
                movements.add(movement);
            }
        }
        batchSizes.record(messages.size());
        try {
            StockLedger.Outcome outcome = ledger.record(movements);
            count(outcome);
            // After the commit, not before: the release is made only for an order whose RETURNED
            // movement the record holds, so units go back to buyers only for a cancellation the record
            // accepted (never for an order it knows as sold, see stock_movements_settled_once). A crash
            // between the two leaves the batch unacknowledged: redelivered, the movement is a duplicate
            // and the release is made then (release.lua answers ALREADY_RELEASED if it was made before).
            // And the admin stock check adds up at every instant: until the release, the order's units
            // still count as reserved, like an order on its way through the queue.
            outcome.returned().forEach(this::returnToLiveStock);
            if (!outcome.waiting().isEmpty()) {
                // Placed, paid and cancelled are different topics, not ordered with each other: the
                // order's placed event is simply not recorded yet. It resolves itself on a redelivery.
                log.info("{} paid/cancelled events wait for their order's LOCKED movement (first: order {}); RocketMQ redelivers the batch later",
                        outcome.waiting().size(), outcome.waiting().get(0).orderId());
                return ConsumeConcurrentlyStatus.RECONSUME_LATER;
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        } catch (RuntimeException e) {
            retried.increment();
            log.warn("Could not record a batch of {} order events in the stock ledger (first message {}); RocketMQ redelivers it later",
                    messages.size(), messages.get(0).getMsgId(), e);
            return ConsumeConcurrentlyStatus.RECONSUME_LATER;
        }
    }

    private void returnToLiveStock(Movement returned) {
        ReleaseResult result = releases.release(returned.activityId(), Long.toString(returned.orderId()));
        if (result.status() == ReleaseResult.Status.NOT_RESERVED) {
            // Redis does not know the reservation (it lost the activity's keys): the record has the units
            // back, the live counter does not. A rebuild from the record puts them back; until then the
            // reconciliation reports the difference.
            log.warn("Cancelled order {} of activity {}: no reservation in Redis to release; its {} units are available in the record only",
                    returned.orderId(), returned.activityId(), returned.quantity());
        }
    }

    private void count(StockLedger.Outcome outcome) {
        count(outcome.applied(), "applied");
        count(outcome.duplicates(), "duplicate");
        count(outcome.waiting(), "waiting");
        count(outcome.conflicts(), "conflict");
        for (Movement conflict : outcome.conflicts()) {
            // order-service's compare-and-set lets an order be either paid or cancelled: this is a bug
            // upstream. The record keeps the first outcome; this one is acknowledged and skipped.
            log.error("Order {} of activity {}: {} refused, the order is already {}; event skipped",
                    conflict.orderId(), conflict.activityId(), conflict.kind(),
                    conflict.kind() == Kind.SOLD ? Kind.RETURNED : Kind.SOLD);
        }
    }

    private void count(List<Movement> movements, String result) {
        for (Movement movement : movements) {
            meters.counter("seckill.stock.ledger.movements", "kind", movement.kind().name().toLowerCase(Locale.ROOT), "result", result)
                    .increment();
        }
    }

    /** The movement, or null when the message can never be applied (then it has been dead-lettered). */
    private Movement read(MessageExt message) {
        try {
            // a redelivered message carries its original topic again (the client restores it)
            Movement movement = switch (message.getTopic()) {
                case OrderPlacedEvent.TOPIC -> Movement.of(json.readValue(message.getBody(), OrderPlacedEvent.class));
                case OrderPaidEvent.TOPIC -> Movement.of(json.readValue(message.getBody(), OrderPaidEvent.class));
                case OrderCancelledEvent.TOPIC -> Movement.of(json.readValue(message.getBody(), OrderCancelledEvent.class));
                default -> null;
            };
            if (movement == null) {
                reject(message, "unknown topic " + message.getTopic());
            } else if (movement.readable()) {
                return movement;
            } else {
                reject(message, "no order id, activity id or quantity");
            }
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
