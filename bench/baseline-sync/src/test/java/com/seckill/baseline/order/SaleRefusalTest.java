package com.seckill.baseline.order;

import com.seckill.baseline.activity.ActivityView;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class SaleRefusalTest {

    private static final Instant START = Instant.parse("2026-11-27T10:00:00Z");
    private static final Instant END = Instant.parse("2026-11-27T11:00:00Z");
    private static final ActivityView SALE = new ActivityView("7", 0, START, END);

    @Test
    void beforeTheStartIsNotStarted() {
        assertThat(SaleRefusal.of(SALE, START.minusMillis(1))).isEqualTo(SaleRefusal.NOT_STARTED);
    }

    @Test
    void fromTheStartUntilTheEndItIsSoldOut() {
        assertThat(SaleRefusal.of(SALE, START)).isEqualTo(SaleRefusal.SOLD_OUT);
        assertThat(SaleRefusal.of(SALE, END.minusMillis(1))).isEqualTo(SaleRefusal.SOLD_OUT);
    }

    @Test
    void theEndItselfIsEnded() {
        // The update's window is start_at <= now < end_at: the same half-open interval.
        assertThat(SaleRefusal.of(SALE, END)).isEqualTo(SaleRefusal.ENDED);
        assertThat(SaleRefusal.of(SALE, END.plusSeconds(1))).isEqualTo(SaleRefusal.ENDED);
    }
}
