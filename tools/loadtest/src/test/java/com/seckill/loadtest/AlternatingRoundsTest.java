package com.seckill.loadtest;

import org.junit.jupiter.api.Test;

import static com.seckill.loadtest.Checkout.BASELINE;
import static com.seckill.loadtest.Checkout.SUITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlternatingRoundsTest {

    @Test
    void suiteAndRivalTakeTurnsRoundByRound() {
        assertThat(AlternatingRounds.of(3)).containsExactly(
                new AlternatingRounds.Turn(1, SUITE), new AlternatingRounds.Turn(1, BASELINE),
                new AlternatingRounds.Turn(2, SUITE), new AlternatingRounds.Turn(2, BASELINE),
                new AlternatingRounds.Turn(3, SUITE), new AlternatingRounds.Turn(3, BASELINE));
    }

    @Test
    void oneRoundIsTodaysSinglePass() {
        assertThat(AlternatingRounds.of(1)).containsExactly(
                new AlternatingRounds.Turn(1, SUITE), new AlternatingRounds.Turn(1, BASELINE));
    }

    @Test
    void noRoundsIsAMistake() {
        assertThatThrownBy(() -> AlternatingRounds.of(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
