package com.seckill.loadtest;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DrainRateTest {

    private static final long MS = 1_000_000;

    private static DrainRate.Poll poll(long ms, long rows) {
        return new DrainRate.Poll(ms * MS, rows);
    }

    @Test
    void spansTheLastPollWithoutRowsToTheFirstWithAll() {
        DrainRate rate = DrainRate.of(10_000, List.of(poll(0, 0), poll(100, 0), poll(12_000, 0), poll(12_100, 1_500),
                poll(12_200, 6_000), poll(12_300, 9_999), poll(12_400, 10_000), poll(12_500, 10_000)));

        assertThat(rate.complete()).isTrue();
        assertThat(rate.rows()).isEqualTo(10_000);
        assertThat(rate.toFirstRow()).isEqualTo(Duration.ofMillis(12_000));
        assertThat(rate.toLastRow()).isEqualTo(Duration.ofMillis(12_400));
        assertThat(rate.perSecond()).isEqualTo(25_000.0);
        assertThat(rate.perSecondFromStart()).isCloseTo(806.45, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void rowsAtTheFirstPollMeanTheyBeganAtTheStart() {
        DrainRate rate = DrainRate.of(100, List.of(poll(0, 40), poll(100, 100)));

        assertThat(rate.toFirstRow()).isEqualTo(Duration.ZERO);
        assertThat(rate.perSecond()).isEqualTo(1_000.0);
        assertThat(rate.perSecondFromStart()).isEqualTo(1_000.0);
    }

    @Test
    void aBacklogThatNeverDrainedHasNoRate() {
        DrainRate partly = DrainRate.of(100, List.of(poll(0, 0), poll(100, 30), poll(200, 60)));
        assertThat(partly.complete()).isFalse();
        assertThat(partly.rows()).isEqualTo(60);
        assertThat(partly.toFirstRow()).isEqualTo(Duration.ZERO);
        assertThat(partly.perSecond()).isNaN();
        assertThat(partly.perSecondFromStart()).isNaN();

        DrainRate nothing = DrainRate.of(100, List.of(poll(0, 0), poll(100, 0)));
        assertThat(nothing.toFirstRow()).isNull();
        assertThat(nothing.rows()).isZero();
        assertThat(nothing.perSecond()).isNaN();

        assertThat(DrainRate.of(100, List.of()).complete()).isFalse();
    }

    @Test
    void allRowsAtOncePollHaveNoMeasurableSpan() {
        DrainRate rate = DrainRate.of(100, List.of(poll(0, 100)));
        assertThat(rate.complete()).isTrue();
        assertThat(rate.perSecond()).isNaN();
    }
}
