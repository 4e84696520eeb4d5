package com.seckill.orderconsumer.drain;

import com.seckill.events.order.OrderPlacedEvent;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The broker really delivers orders a second time (the group's offsets moved back, as an operator
 * replaying a topic or a rebalance after a crash would): every order stays one row.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@DirtiesContext
class RedeliveryIT {

    private static final String NAME = "redelivery";
    private static final int ORDERS = 200;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        DrainTestSetup.register(registry, NAME);
    }

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry meterRegistry;

    @Test
    void ordersDeliveredAgainByTheBrokerStayOneRowEach() {
        OrdersTable table = new OrdersTable(jdbc);
        TestMeters meters = new TestMeters(meterRegistry);
        String user = TestOrders.newUser();
        List<OrderPlacedEvent> orders = TestOrders.orders(user, ORDERS);
        long beforePublishing = System.currentTimeMillis() - 1;
        try (TestPublisher publisher = new TestPublisher(DrainTestSetup.topic(NAME))) {
            publisher.publishAll(orders);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> table.rowsOf(user) == ORDERS);
        double duplicatesBefore = meters.duplicateDeliveries();
        double writtenBefore = meters.written();

        try (TestBroker broker = new TestBroker()) {
            broker.resetOffsets(DrainTestSetup.topic(NAME), DrainTestSetup.group(NAME), beforePublishing);
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> meters.duplicateDeliveries() >= duplicatesBefore + ORDERS);
        assertThat(meters.written()).as("nothing written again").isEqualTo(writtenBefore);
        assertThat(table.rowsOf(user)).isEqualTo(ORDERS);
        assertThat(table.distinctOrdersOf(user)).isEqualTo(ORDERS);
    }
}
