package com.seckill.loadtest;

import org.junit.jupiter.api.Test;

import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PercentilesTest {

    private final long[] oneToHundred = LongStream.rangeClosed(1, 100).toArray();

    @Test
    void nearestRankOnOneToHundredIsTheValueItself() {
        assertThat(Percentiles.of(oneToHundred, 50)).isEqualTo(50);
        assertThat(Percentiles.of(oneToHundred, 90)).isEqualTo(90);
        assertThat(Percentiles.of(oneToHundred, 99)).isEqualTo(99);
        assertThat(Percentiles.of(oneToHundred, 100)).isEqualTo(100);
    }

    @Test
    void smallSetsRoundUpToAnObservedValue() {
        long[] values = {10, 20, 30, 40};
        assertThat(Percentiles.of(values, 50)).isEqualTo(20);
        assertThat(Percentiles.of(values, 90)).isEqualTo(40);
        assertThat(Percentiles.of(new long[] {7}, 99)).isEqualTo(7);
        assertThat(Percentiles.of(values, 0.1)).isEqualTo(10);
    }

    @Test
    void rejectsEmptyDataAndPercentOutOfRange() {
        assertThatThrownBy(() -> Percentiles.of(new long[0], 50)).hasMessageContaining("no values");
        assertThatThrownBy(() -> Percentiles.of(oneToHundred, 0)).hasMessageContaining("(0, 100]");
        assertThatThrownBy(() -> Percentiles.of(oneToHundred, 101)).hasMessageContaining("(0, 100]");
    }
}
