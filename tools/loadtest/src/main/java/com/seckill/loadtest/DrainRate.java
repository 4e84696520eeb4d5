package com.seckill.loadtest;

import java.time.Duration;
import java.util.List;

/**
 * How fast a backlog reached MySQL, from counts of its rows polled every ~100 ms from the moment the
 * consumer was told to start. Conservative by up to two poll intervals: the drain is taken to begin at
 * the last poll that saw no row, and to end at the first poll that saw them all.
 *
 * @param expected     orders in the backlog
 * @param rows         rows seen at the last poll
 * @param toFirstRow   from the consumer's start to the last poll before any row was there (JVM start-up,
 *                     joining the group, the first pulls); null if no row ever came
 * @param toLastRow    from the consumer's start to the first poll that saw every order; null if the
 *                     backlog did not drain before the polls gave up
 */
record DrainRate(long expected, long rows, Duration toFirstRow, Duration toLastRow) {

    /** One count: nanoseconds since the consumer was started, rows of the backlog in MySQL then. */
    record Poll(long nanos, long rows) {
    }

    static DrainRate of(long expected, List<Poll> polls) {
        Duration beforeFirst = null;
        Duration last = null;
        long rows = 0;
        for (Poll poll : polls) {
            rows = poll.rows();
            if (rows == 0) {
                beforeFirst = Duration.ofNanos(poll.nanos());
            } else if (beforeFirst == null) {
                // rows at the very first poll: they began to arrive at the start at the latest
                beforeFirst = Duration.ZERO;
            }
            if (rows >= expected && last == null) {
                last = Duration.ofNanos(poll.nanos());
            }
        }
        boolean anyRow = polls.stream().anyMatch(p -> p.rows() > 0);
        return new DrainRate(expected, rows, anyRow ? beforeFirst : null, last);
    }

    boolean complete() {
        return toLastRow != null;
    }

    /** Orders per second from the first row to the last one; NaN unless complete. */
    double perSecond() {
        return complete() ? rate(toLastRow.minus(toFirstRow)) : Double.NaN;
    }

    /** Orders per second over the whole time from the consumer's start; NaN unless complete. */
    double perSecondFromStart() {
        return complete() ? rate(toLastRow) : Double.NaN;
    }

    private double rate(Duration span) {
        return span.isZero() || span.isNegative() ? Double.NaN : expected / (span.toNanos() / 1e9);
    }
}
