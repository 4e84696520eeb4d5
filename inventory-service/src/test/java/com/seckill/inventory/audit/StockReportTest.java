package com.seckill.inventory.audit;

import com.seckill.inventory.stock.StockRecordRepository;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin stock check's arithmetic: where a sale's units are, and whether Redis and the record agree. */
class StockReportTest {

    private static final StockReport.Undecided NONE = StockReport.Undecided.NONE;

    /** 100 units: 10 accepted and recorded (locked), 5 paid (sold), 2 cancelled (back in available). */
    private static final StockRecordRepository.StockRecord RECORD =
            new StockRecordRepository.StockRecord(7, 100, 85, 10, 5, 2);

    @Test
    void drainedAndAddingUpIsConsistent() {
        StockReport report = StockReport.of(RECORD, 85L, 15, NONE);

        assertThat(report.pending()).isZero();
        assertThat(report.drained()).isTrue();
        assertThat(report.consistent()).isTrue();
        assertThat(report.cancelled()).isEqualTo(2);
        assertThat(report.activityId()).isEqualTo("7");
        assertThat(report.drift()).isZero();
    }

    @Test
    void ordersOnTheirWayThroughTheQueueArePendingAndStillConsistent() {
        StockReport report = StockReport.of(RECORD, 80L, 20, NONE);

        assertThat(report.pending()).isEqualTo(5);
        assertThat(report.drained()).isFalse();
        assertThat(report.consistent()).isTrue();
    }

    @Test
    void aUnitSoldTwiceOrLostIsInconsistent() {
        assertThat(StockReport.of(RECORD, 84L, 15, NONE).consistent()).as("one unit missing from Redis").isFalse();
        assertThat(StockReport.of(RECORD, 86L, 15, NONE).consistent()).as("one unit too many in Redis").isFalse();
        assertThat(StockReport.of(RECORD, 90L, 10, NONE).consistent()).as("more recorded than reserved").isFalse();
    }

    @Test
    void aCounterRedisLostIsNeverConsistent() {
        StockReport report = StockReport.of(RECORD, null, 0, NONE);

        assertThat(report.remaining()).isNull();
        assertThat(report.consistent()).isFalse();
        assertThat(report.drift()).isZero();
    }
}
