package com.seckill.loadtest;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SpreadTest {

    @Test
    void anOddNumberOfRoundsHasItsMiddleValueAsMedianWhateverTheOrder() {
        Spread spread = Spread.of(List.of(450.0, 380.0, 408.0));

        assertThat(spread).isEqualTo(new Spread(408, 380, 450, 3));
    }

    @Test
    void anEvenNumberOfRoundsHasTheMeanOfTheTwoMiddleValues() {
        assertThat(Spread.of(List.of(4.0, 1.0, 3.0, 10.0)).median()).isEqualTo(3.5);
    }

    @Test
    void oneWildRoundDoesNotMoveTheMedian() {
        assertThat(Spread.of(List.of(1.0, 1.1, 9.0)).median()).isEqualTo(1.1);
    }

    @Test
    void relativeSpreadIsTheRangeOverTheMedian() {
        assertThat(Spread.of(List.of(0.8, 1.0, 1.3)).relative()).isCloseTo(0.5, within(1e-9));
        assertThat(Spread.of(List.of(0.0, 0.0, 0.0)).relative()).isNaN();
    }

    @Test
    void roundsWithoutTheFigureAreLeftOut() {
        Spread spread = Spread.of(List.of(2.0, Double.NaN, Double.POSITIVE_INFINITY, 4.0));

        assertThat(spread).isEqualTo(new Spread(3, 2, 4, 2));
        assertThat(Spread.of(List.of(Double.NaN)).isEmpty()).isTrue();
        assertThat(Spread.of(List.of()).format("%.2f")).isEmpty();
    }

    @Test
    void formatShowsMedianRangeAndRelativeSpreadButOnlyTheValueForOneRound() {
        assertThat(Spread.of(List.of(380.0, 408.0, 450.0)).format("%.0f")).isEqualTo("408 (380–450, 17 %)");
        assertThat(Spread.of(List.of(1.724)).format("%.2f")).isEqualTo("1.72");
        assertThat(Spread.of(List.of(0.0, 0.0, 0.0)).format("%.1f")).isEqualTo("0.0 (0.0–0.0)");
    }
}
