package com.seckill.orderconsumer.drain;

import com.seckill.common.event.OrderPlacedEvent;
import com.seckill.order.OrderServiceApplication;
import com.seckill.order.order.OrderEventPublisher;
import com.seckill.testsupport.SiblingApplication;
import com.seckill.testsupport.TestServers;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The funnel end to end on real servers: order-service publishes an accepted order to the real
 * RocketMQ broker, this service consumes it and the row appears in MySQL exactly once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class OrderRoundTripIT {

    private static final String SCHEMA = "seckill_order_it";
    private static ConfigurableApplicationContext orderService;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        TestServers.register(registry);
        registry.add("SECKILL_ORDER_DB", () -> SCHEMA);
    }

    /** order-service runs beside this service in the same JVM, as its own application context. */
    @BeforeAll
    static void startOrderService() {
        TestServers.createTopics(OrderPlacedEvent.TOPIC);
        orderService = SiblingApplication.start(OrderServiceApplication.class, Map.of("SECKILL_ORDER_DB", SCHEMA));
    }

    @AfterAll
    static void stopOrderService() {
        if (orderService != null) {
            orderService.close();
        }
    }

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry meters;

    @Test
    void anOrderPublishedByOrderServiceLandsInMysqlOnce() {
        long orderId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        Instant placedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        OrderPlacedEvent event = new OrderPlacedEvent(orderId, "user-42", 7, 3, 2, 19_800, placedAt, 1);

        orderService.getBean(OrderEventPublisher.class).publish(event);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(countOrders(orderId)).isEqualTo(1));
        Map<String, Object> row = jdbc.sql("SELECT user_id, activity_id, product_id, quantity, amount_cents, status, created_at FROM orders WHERE order_id = ?")
                .param(orderId).query().singleRow();
        // mysql-connector-j reads MariaDB 10.x's version as 5.5.5 and drops fractional seconds it
        // sends; a real MySQL keeps them. What matters here is that no time-zone shift happens.
        assertThat(((LocalDateTime) row.get("created_at")).truncatedTo(ChronoUnit.SECONDS)).as("stored as UTC wall-clock time")
                .isEqualTo(LocalDateTime.ofInstant(placedAt, ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS));
        assertThat(row).containsEntry("user_id", "user-42")
                .containsEntry("activity_id", 7L)
                .containsEntry("product_id", 3L)
                .containsEntry("quantity", 2)
                .containsEntry("amount_cents", 19_800L)
                .containsEntry("status", "CREATED");
    }

    @Test
    void theSameOrderDeliveredTwiceLeavesOneRow() {
        long orderId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        OrderPlacedEvent event = new OrderPlacedEvent(orderId, "user-7", 7, 3, 1, 9_900, Instant.now(), 1);
        OrderEventPublisher publisher = orderService.getBean(OrderEventPublisher.class);
        double duplicatesBefore = duplicateDeliveries();

        publisher.publish(event);
        publisher.publish(event);

        await().atMost(Duration.ofSeconds(30)).until(() -> countOrders(orderId) == 1 && duplicateDeliveries() > duplicatesBefore);
        assertThat(countOrders(orderId)).isEqualTo(1);
    }

    private double duplicateDeliveries() {
        return meters.counter("seckill.orders.duplicate.deliveries").count();
    }

    private long countOrders(long orderId) {
        return jdbc.sql("SELECT COUNT(*) FROM orders WHERE order_id = ?").param(orderId).query(Long.class).single();
    }
}
