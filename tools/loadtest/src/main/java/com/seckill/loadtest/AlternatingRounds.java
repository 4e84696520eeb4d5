package com.seckill.loadtest;

import java.util.ArrayList;
import java.util.List;

/**
 * The order in which a comparison's rounds run: suite, rival, suite, rival, ... Each ratio is taken
 * within one round, its two sides measured back to back, so a box that warms up, or is disturbed for a
 * minute by something else, shifts both sides of a ratio alike instead of one side of all of them.
 */
final class AlternatingRounds {

    /** One side's turn: {@code round} counts from 1. */
    record Turn(int round, Checkout side) {
    }

    private AlternatingRounds() {
    }

    static List<Turn> of(int rounds) {
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be at least 1: " + rounds);
        }
        List<Turn> turns = new ArrayList<>(2 * rounds);
        for (int round = 1; round <= rounds; round++) {
            turns.add(new Turn(round, Checkout.SUITE));
            turns.add(new Turn(round, Checkout.BASELINE));
        }
        return List.copyOf(turns);
    }
}
