package com.seckill.orderconsumer.drain;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A drain stopped in the middle of a backlog (a deployment, a scale-in) and started again writes
 * every order exactly once: what was committed is not written twice, what was not is not lost.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        // Slow enough that the backlog is still there when the drain stops.
        "seckill.drain.max-orders-per-second=100",
        // Batches still waiting for the cap after this are cut off and delivered again after the restart.
        "seckill.drain.shutdown-wait=1s"
})
@DirtiesContext
class StopAndRestartIT {

    private static final String NAME = "stop-restart";
    private static final int ORDERS = 1_000;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        DrainTestSetup.register(registry, NAME);
    }

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry meterRegistry;

    @Autowired
    OrderDrain drain;

    @Test
    void aDrainStoppedMidwayAndStartedAgainWritesEveryOrderOnce() {
        OrdersTable table = new OrdersTable(jdbc);
        String user = TestOrders.newUser();
        try (TestPublisher publisher = new TestPublisher(DrainTestSetup.topic(NAME))) {
            publisher.publishAll(TestOrders.orders(user, ORDERS));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> table.rowsOf(user) >= 100);

        drain.stop();

        assertThat(drain.isRunning()).isFalse();
        long written = table.rowsOf(user);
        assertThat(written).as("stopped before the backlog was drained").isBetween(100L, ORDERS - 1L);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(() -> table.rowsOf(user) == written);

        drain.start();

        await().atMost(Duration.ofSeconds(60)).until(() -> table.rowsOf(user) >= ORDERS);
        assertThat(table.rowsOf(user)).isEqualTo(ORDERS);
        assertThat(table.distinctOrdersOf(user)).isEqualTo(ORDERS);
        assertThat(new TestMeters(meterRegistry).written()).as("each order written once").isEqualTo(ORDERS);
    }
}
