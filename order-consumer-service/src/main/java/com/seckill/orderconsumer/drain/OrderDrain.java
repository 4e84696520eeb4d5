package com.seckill.orderconsumer.drain;

import com.seckill.orderconsumer.timer.PaymentTimers;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * Owns the RocketMQ push consumer that drains the order topic into MySQL: it joins the consumer
 * group once the application context is up, and on shutdown lets the batches in flight finish,
 * commits the offsets and leaves the group, before the database pool closes. Each start builds a
 * new consumer (a RocketMQ consumer cannot start again once shut down).
 */
@Component
class OrderDrain implements SmartLifecycle {

    /**
     * A negative delay level sends a message back straight into %DLQ%&lt;group&gt;, whatever its
     * retry count (RocketMQ 5.x broker, AbstractSendMessageProcessor#consumerSendMsgBack).
     */
    private static final int DEAD_LETTER_NOW = -1;
    // Rides out a name server that is slow to answer for ten seconds; a missing one still fails the start.
    private static final int START_ATTEMPTS = 5;
    private static final Duration START_RETRY_PAUSE = Duration.ofSeconds(2);

    private static final Logger log = LoggerFactory.getLogger(OrderDrain.class);

    private final DrainProperties settings;
    private final OrderMessageReader reader;
    private final OrderWriter writer;
    private final StoredOrders stored;
    private final PaymentTimers paymentTimers;
    private final WriteRateLimiter writeCap;
    private final DrainMetrics metrics;
    private DefaultMQPushConsumer consumer; // guarded by this

    OrderDrain(DrainProperties settings, OrderMessageReader reader, OrderWriter writer, StoredOrders stored, PaymentTimers paymentTimers,
               WriteRateLimiter writeCap, DrainMetrics metrics) {
        this.settings = settings;
        this.reader = reader;
        this.writer = writer;
        this.stored = stored;
        this.paymentTimers = paymentTimers;
        this.writeCap = writeCap;
        this.metrics = metrics;
    }

    @Override
    public synchronized void start() {
        if (consumer != null) {
            return;
        }
        consumer = startConsumer();
        log.info("Draining {} as group {}: {} threads, batches of up to {}, {}, {} retries, then {}",
                settings.topic(), settings.consumerGroup(), settings.threads(), settings.effectiveBatchSize(),
                settings.capped() ? "at most " + settings.maxOrdersPerSecond() + " orders/s on this instance" : "no write cap",
                settings.maxRetries(), settings.deadLetterTopic());
    }

    /**
     * A few tries, each with a new client: a restart on a busy box once saw its first route request to
     * the name server fail while the name server was up, and a failed client cannot be started again.
     * After the last try the instance fails its start-up (e.g. no name server at all), like without
     * MySQL, rather than running without draining.
     */
    // sendMessageBack has been deprecated since RocketMQ 4.x with no replacement that dead-letters
    // single messages of a batch (the listener context's delay level applies to the whole batch).
    @SuppressWarnings("deprecation")
    private DefaultMQPushConsumer startConsumer() {
        for (int attempt = 1; ; attempt++) {
            DefaultMQPushConsumer newConsumer = newConsumer();
            // Sent to the broker the message came from (message.getBrokerName()). If that broker cannot
            // take it, the client sends it back as an ordinary retry instead: it then comes back once
            // more and is moved on that delivery.
            newConsumer.registerMessageListener(new OrderBatchListener(reader, writer, stored, paymentTimers, writeCap, metrics, settings,
                    message -> newConsumer.sendMessageBack(message, DEAD_LETTER_NOW)));
            try {
                newConsumer.start();
                return newConsumer;
            } catch (MQClientException | RuntimeException e) {
                newConsumer.shutdown();
                String failure = "Could not start the order drain (group " + settings.consumerGroup()
                        + ", name server " + settings.nameServer() + "): " + e.getMessage();
                if (attempt >= START_ATTEMPTS) {
                    throw new IllegalStateException(failure, e);
                }
                log.warn("{}; try {} of {} in {} ms", failure, attempt + 1, START_ATTEMPTS, START_RETRY_PAUSE.toMillis());
                pause();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(START_RETRY_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting the order drain", e);
        }
    }

    private DefaultMQPushConsumer newConsumer() {
        DefaultMQPushConsumer newConsumer = new DefaultMQPushConsumer(settings.consumerGroup());
        newConsumer.setNamesrvAddr(settings.nameServer());
        try {
            newConsumer.subscribe(settings.topic(), "*");
        } catch (MQClientException e) {
            throw new IllegalStateException("Could not subscribe to " + settings.topic() + ": " + e.getMessage(), e);
        }
        // The pool only grows past its core size when its (unbounded) queue is full, i.e. never:
        // min = max is what actually bounds the batches in flight.
        newConsumer.setConsumeThreadMin(settings.threads());
        newConsumer.setConsumeThreadMax(settings.threads());
        newConsumer.setConsumeMessageBatchMaxSize(settings.effectiveBatchSize());
        newConsumer.setPullBatchSize(settings.effectiveBatchSize());
        newConsumer.setMaxReconsumeTimes(settings.maxRetries());
        // A group without committed offsets (first deployment, renamed group) starts at the oldest
        // retained order rather than skipping what is already queued; writing one twice is a no-op.
        newConsumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        // RocketMQ's default of 0 interrupts the batches in flight at once on shutdown.
        newConsumer.setAwaitTerminationMillisWhenShutdown(settings.shutdownWait().toMillis());
        return newConsumer;
    }

    /**
     * Stops pulling, then lets the batches already pulled run for up to the shutdown wait; those
     * still running after it are interrupted and sent back to RocketMQ, those not started stay
     * unacknowledged: both are delivered again after the restart. Then commits the offsets of what
     * was written and leaves the group.
     */
    @Override
    public synchronized void stop() {
        if (consumer == null) {
            return;
        }
        log.info("Stopping the order drain of group {} (batches in flight get up to {} ms)",
                settings.consumerGroup(), settings.shutdownWait().toMillis());
        try {
            consumer.suspend();
            consumer.shutdown();
        } finally {
            consumer = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return consumer != null;
    }
}
