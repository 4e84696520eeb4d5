package com.seckill.orderconsumer.drain;

import com.seckill.events.order.OrderPlacedEvent;
import com.seckill.events.order.PaymentDueBatchEvent;
import com.seckill.testsupport.TestServers;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The payment checks of a drained backlog, read off the broker by a consumer of their own: one timer
 * message per written batch (not one per order), each order in exactly one of them, delivered no
 * earlier than the payBy it carries.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@DirtiesContext
class PaymentChecksIT {

    private static final String NAME = "payment-checks";
    private static final int ORDERS = 300;
    private static final JsonMapper json = JsonMapper.builder().build();

    /** A payment-check message as it arrived: its orders and when. */
    private record Arrival(List<PaymentDueBatchEvent.DueOrder> orders, Instant at) {
    }

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        DrainTestSetup.register(registry, NAME);
    }

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry meters;

    @Autowired
    OrderDrain drain;

    @Test
    void aDrainedBacklogGetsOneTimerMessagePerBatchCarryingEachOrderOnce() throws Exception {
        OrdersTable table = new OrdersTable(jdbc);
        String user = TestOrders.newUser();
        Instant placedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant payBy = placedAt.plusSeconds(10);
        List<OrderPlacedEvent> orders = IntStream.rangeClosed(1, ORDERS)
                .mapToObj(sequence -> new OrderPlacedEvent(TestOrders.newOrderId(), user, TestOrders.ACTIVITY, TestOrders.PRODUCT,
                        1, 9_900, placedAt, sequence, payBy))
                .toList();
        Set<Long> ours = orders.stream().map(OrderPlacedEvent::orderId).collect(Collectors.toSet());

        Queue<Arrival> arrivals = new ConcurrentLinkedQueue<>();
        DefaultMQPushConsumer checks = new DefaultMQPushConsumer("it-payment-checks-" + UUID.randomUUID());
        checks.setNamesrvAddr(TestServers.rocketMqNamesrv());
        // A timer message is stored in its topic when it is due: whatever arrives from now on.
        checks.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_TIMESTAMP);
        checks.setConsumeTimestamp(DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.systemDefault())
                .format(placedAt.minusSeconds(5)));
        checks.subscribe(PaymentDueBatchEvent.TOPIC, "*");
        checks.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            messages.forEach(message -> {
                List<PaymentDueBatchEvent.DueOrder> due = json.readValue(message.getBody(), PaymentDueBatchEvent.class).orders();
                if (due.stream().anyMatch(order -> ours.contains(order.orderId()))) {
                    arrivals.add(new Arrival(due, Instant.now()));
                }
            });
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        checks.start();
        try {
            // A backlog waiting in the broker, as after a sale: the drain pulls it in full batches.
            drain.stop();
            try (TestPublisher publisher = new TestPublisher(DrainTestSetup.topic(NAME))) {
                publisher.publishAll(orders);
            }
            long batchesBefore = meters.get("seckill.orders.batch.size").summary().count();
            drain.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> table.rowsOf(user) == ORDERS);
            long batches = meters.get("seckill.orders.batch.size").summary().count() - batchesBefore;

            await().atMost(Duration.ofSeconds(40)).until(() -> arrivals.stream().mapToInt(arrival -> arrival.orders().size()).sum() >= ORDERS);
            // Any message sent after the last order would be one too many: give it time to show up.
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> arrivals.size() == batches);

            List<Long> checked = new ArrayList<>();
            for (Arrival arrival : arrivals) {
                assertThat(arrival.at()).as("a timer message: not delivered before the payBy it carries").isAfterOrEqualTo(payBy);
                arrival.orders().forEach(order -> {
                    assertThat(order.payBy()).isEqualTo(payBy);
                    checked.add(order.orderId());
                });
            }
            assertThat(checked).as("each order in exactly one check").hasSize(ORDERS).containsExactlyInAnyOrderElementsOf(ours);
            assertThat(arrivals).as("one message per batch of up to 100, not one per order").hasSizeLessThanOrEqualTo(ORDERS / 10);
        } finally {
            checks.shutdown();
        }
    }
}
