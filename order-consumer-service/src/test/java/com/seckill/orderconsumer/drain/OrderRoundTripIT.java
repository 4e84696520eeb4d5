package com.seckill.orderconsumer.drain;

import com.seckill.events.order.OrderPlacedEvent;
import com.seckill.events.order.PaymentDueBatchEvent;
import com.seckill.testsupport.TestServers;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
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

import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The drain end to end on real servers: an order published to the real RocketMQ broker becomes one
 * row in MySQL, however often it arrives and under however many order ids.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        // A held row lock fails a write within a second instead of InnoDB's 50 s.
        "spring.datasource.hikari.connection-init-sql=SET SESSION innodb_lock_wait_timeout = 1"
})
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class OrderRoundTripIT {

    private static final String NAME = "round-trip";

    private static final JsonMapper json = JsonMapper.builder().build();

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

    private OrdersTable table;
    private TestMeters meters;

    @BeforeEach
    void setUp() {
        table = new OrdersTable(jdbc);
        meters = new TestMeters(meterRegistry);
    }

    @Test
    void anOrderLandsInMysqlOnceWithAllItsColumns() {
        String user = TestOrders.newUser();
        Instant placedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        OrderPlacedEvent order = new OrderPlacedEvent(TestOrders.newOrderId(), user, 7, 3, 2, 19_800, placedAt, 5, null);

        publisher.publish(order);

        await().atMost(Duration.ofSeconds(30)).until(() -> table.rowsWithId(order.orderId()) == 1);
        Map<String, Object> row = table.row(order.orderId());
        // mysql-connector-j reads MariaDB 10.x's version as 5.5.5 and drops fractional seconds it
        // sends; a real MySQL keeps them. What matters here is that no time-zone shift happens.
        assertThat(((LocalDateTime) row.get("created_at")).truncatedTo(ChronoUnit.SECONDS)).as("stored as UTC wall-clock time")
                .isEqualTo(LocalDateTime.ofInstant(placedAt, ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS));
        assertThat(row).containsEntry("user_id", user)
                .containsEntry("activity_id", 7L)
                .containsEntry("product_id", 3L)
                .containsEntry("quantity", 2)
                .containsEntry("amount_cents", 19_800L)
                .containsEntry("status", "CREATED")
                .containsEntry("sequence", 5L);
        assertThat(table.rowsOf(user)).isEqualTo(1);
    }

    @Test
    void aWrittenOrderKeepsItsPayByAndItsPaymentCheckArrivesThen() throws Exception {
        Map<Long, Instant> checked = new ConcurrentHashMap<>();
        DefaultMQPushConsumer checks = new DefaultMQPushConsumer("round-trip-payment-checks-" + UUID.randomUUID());
        checks.setNamesrvAddr(TestServers.rocketMqNamesrv());
        checks.subscribe(PaymentDueBatchEvent.TOPIC, "*");
        checks.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            messages.forEach(message -> json.readValue(message.getBody(), PaymentDueBatchEvent.class).orders()
                    .forEach(due -> checked.put(due.orderId(), due.payBy())));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        checks.start();
        try {
            Instant placedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            Instant payBy = placedAt.plusSeconds(3);
            OrderPlacedEvent order = new OrderPlacedEvent(TestOrders.newOrderId(), TestOrders.newUser(), 7, 3, 1, 9_900,
                    placedAt, 1, payBy);

            publisher.publish(order);

            await().atMost(Duration.ofSeconds(30)).until(() -> table.rowsWithId(order.orderId()) == 1);
            assertThat(table.row(order.orderId())).containsEntry("pay_by", LocalDateTime.ofInstant(payBy, ZoneOffset.UTC));
            await().atMost(Duration.ofSeconds(30)).until(() -> checked.containsKey(order.orderId()));
            assertThat(Instant.now()).as("a timer message: not delivered before payBy").isAfterOrEqualTo(payBy);
            assertThat(checked).as("the check carries the order's own payBy").containsEntry(order.orderId(), payBy);
        } finally {
            checks.shutdown();
        }
    }

    @Test
    void theSameMessagePublishedTwiceLeavesOneRow() {
        OrderPlacedEvent order = TestOrders.order(TestOrders.newUser(), 1);
        double duplicatesBefore = meters.duplicateDeliveries();

        publisher.publish(order);
        publisher.publish(order);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> table.rowsWithId(order.orderId()) == 1 && meters.duplicateDeliveries() >= duplicatesBefore + 1);
        assertThat(table.rowsWithId(order.orderId())).isEqualTo(1);
    }

    @Test
    void twoOrderIdsForOnePurchaseLeaveOneRow() {
        String user = TestOrders.newUser();
        OrderPlacedEvent first = TestOrders.order(user, 1);
        OrderPlacedEvent sameReservationNewId = new OrderPlacedEvent(TestOrders.newOrderId(), user, first.activityId(),
                first.productId(), first.quantity(), first.amountCents(), first.placedAt(), first.sequence(), null);
        publisher.publish(first);
        await().atMost(Duration.ofSeconds(30)).until(() -> table.rowsWithId(first.orderId()) == 1);
        double duplicatesBefore = meters.duplicateDeliveries();

        publisher.publish(sameReservationNewId);

        await().atMost(Duration.ofSeconds(30)).until(() -> meters.duplicateDeliveries() >= duplicatesBefore + 1);
        assertThat(table.rowsOf(user)).isEqualTo(1);
        assertThat(table.rowsWithId(sameReservationNewId.orderId())).isZero();
    }

    /** Version 1 of the event may grow fields at the end; a reader that does not know them ignores them. */
    @Test
    void anEventWithAFieldThisVersionDoesNotKnowIsWritten() {
        String user = TestOrders.newUser();
        long orderId = TestOrders.newOrderId();
        publisher.publishTogether(List.of(publisher.raw("""
                {"orderId":%d,"userId":"%s","activityId":7,"productId":3,"quantity":1,"amountCents":9900,
                 "placedAt":"2026-11-25T10:00:00Z","sequence":1,"couponId":"SPRING-10"}
                """.formatted(orderId, user), Long.toString(orderId))));

        await().atMost(Duration.ofSeconds(30)).until(() -> table.rowsWithId(orderId) == 1);
    }

    /** Orders published before the sequence existed still arrive during the rollout: sequence NULL, like older rows. */
    @Test
    void anEventFromBeforeTheSequenceIsWrittenWithoutOne() {
        String user = TestOrders.newUser();
        long orderId = TestOrders.newOrderId();
        publisher.publishTogether(List.of(publisher.raw("""
                {"orderId":%d,"userId":"%s","activityId":7,"productId":3,"quantity":1,"amountCents":9900,
                 "placedAt":"2026-11-25T10:00:00Z"}
                """.formatted(orderId, user), Long.toString(orderId))));

        await().atMost(Duration.ofSeconds(30)).until(() -> table.rowsWithId(orderId) == 1);
        assertThat(table.row(orderId)).containsEntry("sequence", null);
    }

    /**
     * MySQL refuses the write (here: a lock another transaction holds, so the insert times out), the
     * batch is delivered again after RocketMQ's back-off, and then succeeds.
     */
    @Test
    void aFailedWriteIsDeliveredAgainAfterTheBackOff(CapturedOutput output) throws SQLException {
        OrderPlacedEvent order = TestOrders.order(TestOrders.newUser(), 1);
        double writtenBefore = meters.written();

        try (GapLock lock = GapLock.onOrder(dataSource, order.orderId())) {
            publisher.publish(order);

            await().atMost(Duration.ofSeconds(30)).until(() -> output.getOut().contains(
                    "Writing a batch of 1 orders failed; RocketMQ delivers it again after its back-off. Orders: order " + order.orderId()));
            assertThat(output.getOut()).contains("attempt 1 of 17").contains("Lock wait timeout");
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> table.rowsWithId(order.orderId()) == 1);
        assertThat(meters.written()).isEqualTo(writtenBefore + 1);
        assertThat(meters.deadLettered()).isZero();
    }
}
