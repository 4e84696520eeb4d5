package com.seckill.loadtest;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RowCountTest {

    private final RowCount count = new RowCount("seckill_order.orders",
            List.of(new Backlog.Range(100, 199), new Backlog.Range(1_000, 1_099), new Backlog.Range(5_000, 5_009)));

    @Test
    void countsEveryRangeUntilItIsFullThenNeverAgain() {
        assertThat(count.open()).containsExactly(0, 1, 2);
        assertThat(count.total()).isZero();

        count.counted(0, 100);
        count.counted(1, 40);

        assertThat(count.open()).containsExactly(1, 2);
        assertThat(count.total()).isEqualTo(140);

        count.counted(1, 100);
        count.counted(2, 10);
        assertThat(count.open()).isEmpty();
        assertThat(count.total()).isEqualTo(210);
    }

    @Test
    void oneStatementCountsTheOpenRangesThroughThePrimaryKey() {
        assertThat(count.sql(2)).isEqualTo("SELECT ?, COUNT(*) FROM seckill_order.orders WHERE order_id BETWEEN ? AND ?"
                + " UNION ALL SELECT ?, COUNT(*) FROM seckill_order.orders WHERE order_id BETWEEN ? AND ?");
    }

    @Test
    void aBacklogsRangesAreItsRunsOfConsecutiveIds() {
        Backlog backlog = Backlog.of(10_000, new ShopAdmin.Sale("1", 1, 100), "u", java.time.Instant.now(),
                java.time.Duration.ofMinutes(15));
        List<Backlog.Range> ranges = backlog.ranges();

        assertThat(ranges).hasSize(3);
        assertThat(ranges.get(0)).isEqualTo(new Backlog.Range(backlog.orders().get(0).orderId(), backlog.orders().get(4095).orderId()));
        assertThat(ranges.get(2).first()).isEqualTo(backlog.orders().get(8192).orderId());
        assertThat(ranges.stream().mapToLong(Backlog.Range::size).sum()).isEqualTo(10_000);
        assertThat(ranges.get(2).size()).isEqualTo(10_000 - 8192);
    }

    @Test
    void aPartOfTheBacklogHasItsOwnRanges() {
        Backlog backlog = Backlog.of(10_000, new ShopAdmin.Sale("1", 1, 100), "u", java.time.Instant.now(),
                java.time.Duration.ofMinutes(15));
        List<Backlog.Range> measured = backlog.ranges(5_000, 10_000);

        assertThat(measured).containsExactly(
                new Backlog.Range(backlog.orders().get(5_000).orderId(), backlog.orders().get(8_191).orderId()),
                new Backlog.Range(backlog.orders().get(8_192).orderId(), backlog.orders().get(9_999).orderId()));
        assertThat(backlog.ranges(0, 0)).isEmpty();
        assertThat(backlog.ranges(0, 1)).containsExactly(new Backlog.Range(backlog.orders().get(0).orderId(),
                backlog.orders().get(0).orderId()));
    }
}
