package com.seckill.orderconsumer.drain;

import com.seckill.events.order.OrderPlacedEvent;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.rocketmq.client.producer.SendResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two different orders under one order id (two order-service instances that minted the same id): the
 * one that finds the id written goes to the dead-letter topic, loudly, and the row stays the first
 * order's; the same order delivered again is still a quiet duplicate. On the real broker and MySQL.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
// The batch test restarts the drain, after which the broker may deliver earlier messages again (offsets
// not yet committed): it runs last, so the exact counts of the first hold.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OrderIdConflictIT {

    private static final String NAME = "id-conflict";
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
    @Order(1)
    void anotherOrderUnderAnIdAlreadyWrittenIsDeadLetteredAndTheSameOrderAgainIsNot(CapturedOutput output) {
        OrderPlacedEvent first = order(TestOrders.newOrderId(), TestOrders.newUser(), 1, 1, 9_900);
        publisher.publish(first);
        await().atMost(Duration.ofSeconds(30)).until(() -> table.rowsWithId(first.orderId()) == 1);
        Map<String, Object> row = table.row(first.orderId());
        double conflictsBefore = meters.deadLettered("id-conflict");
        double deadLetteredBefore = meters.deadLettered();
        long deadLetterTopicBefore = broker.messagesIn(DEAD_LETTER_TOPIC);
        double duplicatesBeforeConflict = meters.duplicateDeliveries();

        OrderPlacedEvent other = order(first.orderId(), TestOrders.newUser(), 4, 2, 19_800);
        SendResult sent = publisher.publish(other);

        await().atMost(Duration.ofSeconds(30)).until(() -> meters.deadLettered("id-conflict") >= conflictsBefore + 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.messagesIn(DEAD_LETTER_TOPIC) >= deadLetterTopicBefore + 1);
        assertThat(meters.duplicateDeliveries()).as("a conflict is no duplicate").isEqualTo(duplicatesBeforeConflict);
        assertThat(table.row(first.orderId())).as("the first order's row, untouched").isEqualTo(row);
        assertThat(table.rowsOf(other.userId())).isZero();
        assertThat(output.getOut())
                .contains("Dead-lettered message " + sent.getMsgId() + " (keys " + first.orderId())
                .contains("order id " + first.orderId() + " is another order's in MySQL")
                .contains("The message's order (" + StoredOrder.describe(other) + ") differs in userId, quantity, amountCents, sequence from")
                .contains("from the row (user " + first.userId() + ", activity " + first.activityId())
                .contains("Find it with mqadmin queryMsgByKey -t " + DEAD_LETTER_TOPIC + " -k " + first.orderId());

        // The first order delivered again: a duplicate, as before, and nothing dead-lettered.
        double duplicatesBefore = meters.duplicateDeliveries();
        SendResult again = publisher.publish(first);

        await().atMost(Duration.ofSeconds(30)).until(() -> meters.duplicateDeliveries() >= duplicatesBefore + 1);
        assertThat(meters.deadLettered()).isEqualTo(deadLetteredBefore + 1);
        assertThat(broker.messagesIn(DEAD_LETTER_TOPIC)).isEqualTo(deadLetterTopicBefore + 1);
        assertThat(table.row(first.orderId())).isEqualTo(row);
        assertThat(output.getOut()).doesNotContain(again.getMsgId());
    }

    @Test
    @Order(2)
    void inOneBatchTheConflictIsDeadLetteredAndItsNeighboursAreWrittenOrTakenAsDuplicates(CapturedOutput output) {
        String user = TestOrders.newUser();
        OrderPlacedEvent written = order(TestOrders.newOrderId(), user, 1, 1, 9_900);
        publisher.publish(written);
        await().atMost(Duration.ofSeconds(30)).until(() -> table.rowsWithId(written.orderId()) == 1);
        Map<String, Object> row = table.row(written.orderId());
        OrderPlacedEvent fresh = order(TestOrders.newOrderId(), user, 2, 1, 9_900);
        OrderPlacedEvent conflicting = order(written.orderId(), TestOrders.newUser(), 1, 3, 29_700);
        double conflictsBefore = meters.deadLettered("id-conflict");
        double duplicatesBefore = meters.duplicateDeliveries();
        long deadLetterTopicBefore = broker.messagesIn(DEAD_LETTER_TOPIC);

        // One batch: published together while the drain is stopped (as in DeadLetterIT).
        drain.stop();
        SendResult sent = publisher.publishTogether(List.of(publisher.message(written), publisher.message(conflicting),
                publisher.message(fresh)));
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.endOf(sent.getMessageQueue()) >= sent.getQueueOffset() + 3);
        drain.start();

        // A drain restarted in the same JVM may wait for the broker's next rebalance (up to ~30 s) to get its queues back.
        String conflictLogged = "order id " + written.orderId() + " is another order's in MySQL. The message's order ("
                + StoredOrder.describe(conflicting) + ")";
        await().atMost(Duration.ofSeconds(60)).until(() -> table.rowsWithId(fresh.orderId()) == 1
                && output.getOut().contains(conflictLogged));
        // Counted across the group: the restart may bring earlier messages again, so at least, not exactly.
        assertThat(meters.deadLettered("id-conflict")).isGreaterThanOrEqualTo(conflictsBefore + 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> meters.duplicateDeliveries() >= duplicatesBefore + 1);
        assertThat(output.getOut()).as("the redelivery in the batch is not a conflict")
                .doesNotContain("The message's order (" + StoredOrder.describe(written) + ")");
        assertThat(table.row(written.orderId())).isEqualTo(row);
        assertThat(table.rowsOf(user)).isEqualTo(2);
        assertThat(table.rowsOf(conflicting.userId())).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.messagesIn(DEAD_LETTER_TOPIC) >= deadLetterTopicBefore + 1);
    }

    private static OrderPlacedEvent order(long orderId, String user, long sequence, int quantity, long amountCents) {
        return new OrderPlacedEvent(orderId, user, TestOrders.ACTIVITY, TestOrders.PRODUCT, quantity, amountCents,
                Instant.now().truncatedTo(ChronoUnit.MILLIS), sequence, null);
    }
}
