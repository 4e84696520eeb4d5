package com.seckill.orderconsumer.timer;

import com.seckill.events.order.OrderPlacedEvent;
import com.seckill.events.order.PaymentDueBatchEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.message.Message;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Schedules the payment checks of each written batch: RocketMQ timer messages
 * ({@link PaymentDueBatchEvent}) on which order-service cancels the orders still unpaid at their payBy.
 * One message per group of orders due together ({@link DueGroups}), nearly always one per batch: a
 * timer is a send of its own (RocketMQ ignores delivery times inside a batch send), and one send per
 * order held the drain near 7,000 orders/s.
 *
 * <p>Scheduled here, once the rows exist, rather than when the order is accepted: the accepting
 * request stays one message short, and a failure to schedule fails the batch, which is then delivered
 * again (its rows are already written; scheduling a check twice is harmless, the check is idempotent),
 * so no order is left without one.
 */
@Component
public class PaymentTimers implements SmartLifecycle {

    private static final long SEND_TIMEOUT_MILLIS = 5_000;

    private final DefaultMQProducer producer;
    private final JsonMapper json;
    private final Duration groupWithin;
    private final Counter scheduled;
    private final Counter messages;
    private volatile boolean running;

    PaymentTimers(@Value("${seckill.drain.name-server}") String nameServer,
                  @Value("${seckill.payment-timers.producer-group}") String group,
                  @Value("${seckill.payment-timers.group-within}") Duration groupWithin,
                  JsonMapper json, MeterRegistry meters) {
        if (groupWithin == null || groupWithin.isNegative()) {
            throw new IllegalArgumentException("seckill.payment-timers.group-within must be 0 or more, was " + groupWithin);
        }
        this.producer = new DefaultMQProducer(group);
        this.producer.setNamesrvAddr(nameServer);
        this.groupWithin = groupWithin;
        this.json = json;
        this.scheduled = meters.counter("seckill.orders.payment-checks.scheduled");
        this.messages = meters.counter("seckill.orders.payment-checks.messages");
    }

    /** Returns once the broker holds a check for every order that has a payBy; throws otherwise. */
    public void schedule(List<OrderPlacedEvent> orders) throws InterruptedException {
        List<DueGroups.Group> groups = DueGroups.of(orders, groupWithin);
        CountDownLatch sent = new CountDownLatch(groups.size());
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        for (DueGroups.Group group : groups) {
            Message message = new Message(PaymentDueBatchEvent.TOPIC, json.writeValueAsBytes(new PaymentDueBatchEvent(group.orders())));
            // Every order id is a key, so `mqadmin queryMsgByKey` finds an order's check (one index entry
            // per order, as in version 1). A batch holds at most 1,024 orders: about 20 KiB of keys, within
            // the 32 KiB RocketMQ allows a message's properties.
            message.setKeys(group.orders().stream().map(order -> Long.toString(order.orderId())).toList());
            message.setDeliverTimeMs(group.deliverAt().toEpochMilli());
            try {
                // Sent together, awaited together: a batch that spans groups costs about one round trip.
                producer.send(message, new SendCallback() {
                    @Override
                    public void onSuccess(SendResult result) {
                        sent.countDown();
                    }

                    @Override
                    public void onException(Throwable e) {
                        failures.add(e);
                        sent.countDown();
                    }
                }, SEND_TIMEOUT_MILLIS);
            } catch (Exception e) {
                failures.add(e);
                sent.countDown();
            }
        }
        if (!sent.await(SEND_TIMEOUT_MILLIS * 2, TimeUnit.MILLISECONDS) || !failures.isEmpty()) {
            throw new IllegalStateException("Could not schedule " + (failures.isEmpty() ? "all" : failures.size())
                    + " of " + groups.size() + " payment-check messages" + (failures.isEmpty() ? " in time" : ": " + failures.peek()));
        }
        messages.increment(groups.size());
        scheduled.increment(groups.stream().mapToInt(group -> group.orders().size()).sum());
    }

    @Override
    public void start() {
        try {
            producer.start();
        } catch (MQClientException e) {
            throw new IllegalStateException("Could not start the payment-timer producer: " + e.getMessage(), e);
        }
        running = true;
    }

    @Override
    public void stop() {
        producer.shutdown();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Up before the drain starts handing it orders, down only after the drain has stopped. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1;
    }
}
