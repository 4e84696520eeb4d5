package com.seckill.orderconsumer.drain;

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
 * A backlog published far faster than the cap is written no faster than the cap: an upper bound on
 * the load this instance puts on MySQL, not a throughput goal. Measured where it matters, in MySQL:
 * updated_at is set by the server when the row is inserted.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "seckill.drain.max-orders-per-second=" + WriteCapIT.CAP,
        "seckill.drain.batch-size=" + WriteCapIT.BATCH
})
@DirtiesContext
class WriteCapIT {

    static final int CAP = 200;
    static final int BATCH = 50;
    private static final int ORDERS = 2_000;
    /** The bucket holds one batch: what may go at once on top of the rate. */
    private static final int BURST = BATCH;
    /**
     * A row's timestamp is taken when its INSERT starts, a moment after the cap let it go: allow
     * 100 ms of that lag (scheduling, a GC pause) at the cap's rate.
     */
    private static final int LAG_ALLOWANCE = CAP / 10;

    private static final String NAME = "write-cap";

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        DrainTestSetup.register(registry, NAME);
    }

    @Autowired
    JdbcClient jdbc;

    @Test
    void aBacklogIsWrittenNoFasterThanTheCap() {
        OrdersTable table = new OrdersTable(jdbc);
        String user = TestOrders.newUser();
        try (TestPublisher publisher = new TestPublisher(DrainTestSetup.topic(NAME))) {
            publisher.publishAll(TestOrders.orders(user, ORDERS));
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> table.rowsOf(user) >= ORDERS);
        assertThat(table.rowsOf(user)).isEqualTo(ORDERS);
        assertThat(table.distinctOrdersOf(user)).isEqualTo(ORDERS);

        List<Long> insertedAt = table.insertTimesOf(user);
        assertThat(busiestSecond(insertedAt)).as("orders inserted in any one second")
                .isLessThanOrEqualTo(CAP + BURST + LAG_ALLOWANCE);
        // After the first batch (the full bucket), the rest comes at the rate. Half a second of
        // slack for the first insert starting late; uncapped, the whole backlog takes about one.
        double drainSeconds = (insertedAt.get(insertedAt.size() - 1) - insertedAt.get(0)) / 1000.0;
        assertThat(drainSeconds).as("seconds from the first insert to the last")
                .isGreaterThanOrEqualTo((ORDERS - BURST) / (double) CAP - 0.5);
    }

    /** The most rows whose times fall within one second of each other (a sliding window). */
    private static int busiestSecond(List<Long> sortedMillis) {
        int busiest = 0;
        int windowStart = 0;
        for (int end = 0; end < sortedMillis.size(); end++) {
            while (sortedMillis.get(end) - sortedMillis.get(windowStart) >= 1_000) {
                windowStart++;
            }
            busiest = Math.max(busiest, end - windowStart + 1);
        }
        return busiest;
    }
}
