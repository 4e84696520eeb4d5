package com.seckill.orderconsumer.timer;

import com.seckill.common.event.OrderPlacedEvent;
import com.seckill.common.event.PaymentDueEvent;
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

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Schedules each written order's payment check: a RocketMQ timer message delivered at its payBy, on
 * which order-service cancels the order if it is still unpaid. Scheduled here, once the row exists,
 * rather than when the order is accepted: the accepting request stays one message short, and a
 * failure to schedule fails the batch, which is then delivered again (its rows are already written;
 * scheduling a check twice is harmless, the check is idempotent), so no order is left without one.
 */
@Component
public class PaymentTimers implements SmartLifecycle {

    private static final long SEND_TIMEOUT_MILLIS = 5_000;

    private final DefaultMQProducer producer;
    private final JsonMapper json;
    private final Counter scheduled;
    private volatile boolean running;

    PaymentTimers(@Value("${seckill.drain.name-server}") String nameServer,
                  @Value("${seckill.payment-timers.producer-group}") String group, JsonMapper json, MeterRegistry meters) {
        this.producer = new DefaultMQProducer(group);
        this.producer.setNamesrvAddr(nameServer);
        this.json = json;
        this.scheduled = meters.counter("seckill.orders.payment-checks.scheduled");
    }

    /** Returns once the broker holds a check for every order that has a payBy; throws otherwise. */
    public void schedule(List<OrderPlacedEvent> orders) throws InterruptedException {
        List<OrderPlacedEvent> due = orders.stream().filter(order -> order.payBy() != null).toList();
        CountDownLatch sent = new CountDownLatch(due.size());
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        for (OrderPlacedEvent order : due) {
            Message message = new Message(PaymentDueEvent.TOPIC,
                    json.writeValueAsBytes(new PaymentDueEvent(order.orderId(), order.activityId(), order.payBy())));
            message.setKeys(Long.toString(order.orderId()));
            message.setDeliverTimeMs(order.payBy().toEpochMilli());
            try {
                // Sent together, awaited together: one batch costs about one round trip, not one per order.
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
                    + " of " + due.size() + " payment checks" + (failures.isEmpty() ? " in time" : ": " + failures.peek()));
        }
        scheduled.increment(due.size());
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
