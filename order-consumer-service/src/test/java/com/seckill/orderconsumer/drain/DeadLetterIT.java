package com.seckill.orderconsumer.drain;

import com.seckill.events.order.OrderPlacedEvent;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Messages that cannot be written end in the consumer group's dead-letter topic, counted and logged:
 * poison at once, without retries; anything else once its last retry has failed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        // The first failed attempt is the last: the retries-exhausted path without waiting out back-offs.
        "seckill.drain.max-retries=0",
        // A held row lock fails a write within a second instead of InnoDB's 50 s.
        "spring.datasource.hikari.connection-init-sql=SET SESSION innodb_lock_wait_timeout = 1"
})
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class DeadLetterIT {

    private static final String NAME = "dead-letter";
    private static final String DEAD_LETTER_TOPIC = DrainTestSetup.deadLetterTopic(NAME);

    private static TestPublisher publisher;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        DrainTestSetup.register(registry, NAME);
    }

    @BeforeAll
    static void startPublisher() {
        publisher = new TestPublisher(DrainTestSetup.topic(NAME));
    }

    @AfterAll
    static void stopPublisher() {
        publisher.close();
    }

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    MeterRegistry meterRegistry;

    @Autowired
    OrderDrain drain;

    private OrdersTable table;
    private TestMeters meters;
    private TestBroker broker;

    @BeforeEach
    void setUp() {
        table = new OrdersTable(jdbc);
        meters = new TestMeters(meterRegistry);
        broker = new TestBroker();
    }

    @AfterEach
    void tearDown() {
        drain.start(); // no-op unless a test left it stopped
        broker.close();
    }

    @Test
    void poisonGoesStraightToTheDeadLetterTopicAndTheRestOfItsBatchIsWritten(CapturedOutput output) {
        String user = TestOrders.newUser();
        List<OrderPlacedEvent> valid = TestOrders.orders(user, 3);
        OrderPlacedEvent noQuantity = new OrderPlacedEvent(TestOrders.newOrderId(), user, TestOrders.ACTIVITY, TestOrders.PRODUCT,
                0, 9_900, Instant.now(), 4, null);
        double unreadableBefore = meters.deadLettered("unreadable");
        double invalidBefore = meters.deadLettered("invalid");
        double deadLetteredBefore = meters.deadLettered();
        long deadLetterTopicBefore = broker.messagesIn(DEAD_LETTER_TOPIC);

        // One batch: published together (one queue, consecutive offsets) while the drain is
        // stopped, so that the restarted drain takes all five in one pull and one batch.
        drain.stop();
        SendResult sent = publisher.publishTogether(List.of(
                publisher.message(valid.get(0)),
                publisher.raw("not json", "not-json-" + user),
                publisher.message(valid.get(1)),
                publisher.message(noQuantity),
                publisher.message(valid.get(2))));
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.endOf(sent.getMessageQueue()) >= sent.getQueueOffset() + 5);
        drain.start();

        // A drain restarted in the same JVM may wait for the broker's next rebalance (up to ~30 s) to get its queues back.
        await().atMost(Duration.ofSeconds(60)).until(() -> table.rowsOf(user) == 3 && meters.deadLettered() >= deadLetteredBefore + 2);
        assertThat(meters.deadLettered("unreadable")).isEqualTo(unreadableBefore + 1);
        assertThat(meters.deadLettered("invalid")).isEqualTo(invalidBefore + 1);
        assertThat(meters.deadLettered()).isEqualTo(deadLetteredBefore + 2);
        valid.forEach(order -> assertThat(table.rowsWithId(order.orderId())).isEqualTo(1));
        assertThat(table.rowsWithId(noQuantity.orderId())).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.messagesIn(DEAD_LETTER_TOPIC) >= deadLetterTopicBefore + 2);
        assertThat(output.getOut())
                .contains("(keys not-json-" + user + ", topic " + DrainTestSetup.topic(NAME))
                .contains("it can never be an order: body is not an OrderPlacedEvent")
                .contains("(keys " + noQuantity.orderId() + ", topic " + DrainTestSetup.topic(NAME))
                .contains("it can never be an order: quantity 0 is not positive")
                .contains("Moved to " + DEAD_LETTER_TOPIC + " at once, without retries. Find it with mqadmin queryMsgByKey -t "
                        + DEAD_LETTER_TOPIC + " -k " + noQuantity.orderId());
    }

    @Test
    void aMessageWhoseLastAttemptFailsGoesToTheDeadLetterTopic(CapturedOutput output) throws SQLException {
        OrderPlacedEvent order = TestOrders.order(TestOrders.newUser(), 1);
        double exhaustedBefore = meters.deadLettered("retries-exhausted");
        long deadLetterTopicBefore = broker.messagesIn(DEAD_LETTER_TOPIC);

        SendResult sent;
        try (GapLock lock = GapLock.onOrder(dataSource, order.orderId())) {
            sent = publisher.publish(order);

            await().atMost(Duration.ofSeconds(30)).until(() -> meters.deadLettered("retries-exhausted") >= exhaustedBefore + 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> broker.messagesIn(DEAD_LETTER_TOPIC) >= deadLetterTopicBefore + 1);
        }

        assertThat(meters.deadLettered("retries-exhausted")).isEqualTo(exhaustedBefore + 1);
        assertThat(output.getOut()).contains("Dead-lettered message " + sent.getMsgId() + " (keys " + order.orderId())
                .contains("its last attempt (1 of 1) failed, RocketMQ moves it to " + DEAD_LETTER_TOPIC);
        assertThat(table.rowsWithId(order.orderId())).isZero();
    }
}
