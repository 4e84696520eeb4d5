package com.seckill.inventory.ledger;

import com.seckill.events.order.OrderCancelledEvent;
import com.seckill.events.order.OrderPaidEvent;
import com.seckill.events.order.OrderPlacedEvent;
import com.seckill.inventory.reservation.StockReleases;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.remoting.exception.RemotingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the stock ledger's RocketMQ consumer (placed, paid and cancelled orders) with the web server:
 * started after it, stopped before it and before the database pool closes (default phase: last up,
 * first down).
 *
 * <p>A plain {@link DefaultMQPushConsumer} rather than the starter's {@code @RocketMQMessageListener}:
 * the starter calls its listener once per message even when the client pulled many, and the point of
 * the ledger is one transaction, and one update of the hot stock row, per batch.
 */
@Component
@EnableConfigurationProperties(StockLedgerProperties.class)
class StockLedgerConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StockLedgerConsumer.class);

    /** In-flight batches may finish their transaction when the service stops; anything left is redelivered. */
    private static final long SHUTDOWN_WAIT_MILLIS = TimeUnit.SECONDS.toMillis(10);

    /**
     * Every event that moves an order's units. One group for all three: its lag on the broker says at
     * once whether the record has caught up with every committed order (see {@link BrokerLedgerProgress}).
     */
    static final List<String> TOPICS = List.of(OrderPlacedEvent.TOPIC, OrderPaidEvent.TOPIC, OrderCancelledEvent.TOPIC);

    /**
     * How often the consumed offsets reach the broker (RocketMQ's default is 5 s). The rebuild of a lost
     * Redis counter waits for them to pass what the broker holds, so a short interval lets it go ahead
     * about a second after the ledger has caught up, at the cost of one small request per queue.
     */
    private static final int PERSIST_OFFSETS_MILLIS = 1_000;

    private final StockLedgerProperties properties;
    private final StockLedger ledger;
    private final StockReleases releases;
    private final JsonMapper json;
    private final MeterRegistry meters;
    private volatile DefaultMQPushConsumer consumer;

    StockLedgerConsumer(StockLedgerProperties properties, StockLedger ledger, StockReleases releases, JsonMapper json,
                        MeterRegistry meters) {
        this.properties = properties;
        this.ledger = ledger;
        this.releases = releases;
        this.json = json;
        this.meters = meters;
    }

    @Override
    public boolean isAutoStartup() {
        return properties.enabled();
    }

    @Override
    public void start() {
        DefaultMQPushConsumer push = new DefaultMQPushConsumer(properties.consumerGroup());
        push.setNamesrvAddr(properties.nameServer());
        // A new group (or a topic new to it) starts at the oldest event still on the broker, not at the
        // newest: the record must count every order, also those placed before this group first subscribed.
        push.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        push.setConsumeMessageBatchMaxSize(properties.batchSize());
        push.setPullBatchSize(properties.batchSize());
        push.setPullInterval(properties.pullInterval().toMillis());
        push.setConsumeThreadMax(properties.threads());
        push.setConsumeThreadMin(properties.threads());
        push.setAwaitTerminationMillisWhenShutdown(SHUTDOWN_WAIT_MILLIS);
        push.setPersistConsumerOffsetInterval(PERSIST_OFFSETS_MILLIS);
        push.registerMessageListener(new StockLedgerBatchListener(ledger, releases, json, meters, message -> deadLetter(push, message)));
        try {
            for (String topic : TOPICS) {
                push.subscribe(topic, "*");
            }
            push.start();
        } catch (MQClientException e) {
            throw new IllegalStateException("Could not start the stock ledger's consumer", e);
        }
        consumer = push;
        log.info("Stock ledger consuming {} as group {} from {} (batches of up to {}, {} threads)", TOPICS,
                properties.consumerGroup(), properties.nameServer(), properties.batchSize(), properties.threads());
    }

    // delay level -1: the broker moves the message to the group's dead-letter queue at once, no retries
    private static void deadLetter(DefaultMQPushConsumer push, MessageExt message) {
        try {
            push.sendMessageBack(message, -1, message.getBrokerName());
        } catch (RemotingException | MQBrokerException | MQClientException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        DefaultMQPushConsumer push = consumer;
        if (push != null) {
            push.shutdown();
            consumer = null;
        }
    }

    @Override
    public boolean isRunning() {
        return consumer != null;
    }
}
