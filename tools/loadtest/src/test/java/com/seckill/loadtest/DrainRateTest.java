package com.seckill.loadtest;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DrainRateTest {

    private static final long MS = 1_000_000;

    private static DrainRate.Poll poll(long ms, long rows, long allRows) {
        return new DrainRate.Poll(ms * MS, rows, allRows);
    }

    @Test
    void measuresFromTheLastPollWithoutMeasuredRowsToTheFirstWithAll() {
        DrainRate rate = DrainRate.of(5_000, 10_000, List.of(poll(0, 0, 0), poll(100, 0, 0), poll(12_000, 0, 0),
                poll(12_100, 0, 1_500), poll(12_500, 0, 5_000), poll(12_600, 1_000, 6_000), poll(12_900, 9_999, 14_999),
                poll(13_000, 10_000, 15_000), poll(13_100, 10_000, 15_000)));

        assertThat(rate.complete()).isTrue();
        assertThat(rate.rows()).isEqualTo(10_000);
        assertThat(rate.allRows()).isEqualTo(15_000);
        assertThat(rate.toAnyRow()).isEqualTo(Duration.ofMillis(12_000));
        assertThat(rate.toFirstRow()).isEqualTo(Duration.ofMillis(12_500));
        assertThat(rate.toLastRow()).isEqualTo(Duration.ofMillis(13_000));
        assertThat(rate.toAllRows()).isEqualTo(Duration.ofMillis(13_000));
        assertThat(rate.perSecond()).isEqualTo(20_000.0);
        assertThat(rate.perSecondFromStart()).isEqualTo(15_000 / 13.0);
    }

    @Test
    void withoutAWarmUpTheFirstRowsAreMeasured() {
        DrainRate rate = DrainRate.of(0, 10_000, List.of(poll(0, 0, 0), poll(2_000, 0, 0), poll(2_100, 1_500, 1_500),
                poll(2_400, 10_000, 10_000)));

        assertThat(rate.toAnyRow()).isEqualTo(rate.toFirstRow()).isEqualTo(Duration.ofMillis(2_000));
        assertThat(rate.perSecond()).isEqualTo(25_000.0);
        assertThat(rate.perSecondFromStart()).isEqualTo(10_000 / 2.4);
    }

    @Test
    void rowsAtTheFirstPollMeanTheyBeganAtTheStart() {
        DrainRate rate = DrainRate.of(0, 100, List.of(poll(0, 40, 40), poll(100, 100, 100)));

        assertThat(rate.toFirstRow()).isEqualTo(Duration.ZERO);
        assertThat(rate.toAnyRow()).isEqualTo(Duration.ZERO);
        assertThat(rate.perSecond()).isEqualTo(1_000.0);
        assertThat(rate.perSecondFromStart()).isEqualTo(1_000.0);
    }

    @Test
    void aBacklogThatNeverDrainedHasNoRate() {
        DrainRate partly = DrainRate.of(50, 100, List.of(poll(0, 0, 0), poll(100, 0, 30), poll(200, 10, 60)));
        assertThat(partly.complete()).isFalse();
        assertThat(partly.rows()).isEqualTo(10);
        assertThat(partly.allRows()).isEqualTo(60);
        assertThat(partly.toAnyRow()).isEqualTo(Duration.ZERO);
        assertThat(partly.toFirstRow()).isEqualTo(Duration.ofMillis(100));
        assertThat(partly.toLastRow()).isNull();
        assertThat(partly.toAllRows()).isNull();
        assertThat(partly.perSecond()).isNaN();
        assertThat(partly.perSecondFromStart()).isNaN();

        DrainRate nothing = DrainRate.of(50, 100, List.of(poll(0, 0, 0), poll(100, 0, 0)));
        assertThat(nothing.toAnyRow()).isNull();
        assertThat(nothing.toFirstRow()).isNull();
        assertThat(nothing.perSecond()).isNaN();

        assertThat(DrainRate.of(0, 100, List.of()).complete()).isFalse();
    }

    @Test
    void allRowsAtOnePollHaveNoMeasurableSpan() {
        DrainRate rate = DrainRate.of(0, 100, List.of(poll(0, 100, 100)));
        assertThat(rate.complete()).isTrue();
        assertThat(rate.perSecond()).isNaN();
    }
}
