package com.seckill.loadtest;

import java.time.Duration;
import java.util.List;

/**
 * How fast a backlog reached MySQL, from counts of its rows polled every ~100 ms from the moment the
 * consumer was told to start. The backlog is a warm-up part, drained first and not measured (the
 * consumer's JVM compiles its hot paths meanwhile), then the measured part. Conservative by up to two
 * poll intervals: a drain is taken to begin at the last poll that saw none of its rows, and to end at
 * the first poll that saw them all.
 *
 * @param warmUp     orders of the warm-up part
 * @param measured   orders of the measured part
 * @param rows       measured rows seen at the last poll
 * @param allRows    rows of both parts seen at the last poll
 * @param toAnyRow   from the consumer's start to the last poll before any row of the backlog was there
 *                   (JVM start-up, joining the group, the first pulls); null if none ever came
 * @param toFirstRow from the consumer's start to the last poll before the first measured row; null if none came
 * @param toLastRow  from the consumer's start to the first poll that saw every measured order; null if
 *                   they did not all come before the polls gave up
 * @param toAllRows  from the consumer's start to the first poll that saw every order of both parts
 */
record DrainRate(long warmUp, long measured, long rows, long allRows, Duration toAnyRow, Duration toFirstRow,
                 Duration toLastRow, Duration toAllRows) {

    /** One count: nanoseconds since the consumer was started, measured rows and rows of both parts then. */
    record Poll(long nanos, long rows, long allRows) {
    }

    static DrainRate of(long warmUp, long measured, List<Poll> polls) {
        Duration beforeAny = null;
        Duration beforeFirst = null;
        Duration last = null;
        Duration all = null;
        long rows = 0;
        long allRows = 0;
        for (Poll poll : polls) {
            Duration at = Duration.ofNanos(poll.nanos());
            rows = poll.rows();
            allRows = poll.allRows();
            beforeAny = allRows == 0 ? at : beforeAny == null ? Duration.ZERO : beforeAny;
            beforeFirst = rows == 0 ? at : beforeFirst == null ? Duration.ZERO : beforeFirst;
            if (rows >= measured && last == null) {
                last = at;
            }
            if (allRows >= warmUp + measured && all == null) {
                all = at;
            }
        }
        return new DrainRate(warmUp, measured, rows, allRows, allRows > 0 ? beforeAny : null,
                rows > 0 ? beforeFirst : null, last, all);
    }

    boolean complete() {
        return toLastRow != null;
    }

    /** Measured orders per second from their first row to their last; NaN unless complete. */
    double perSecond() {
        return complete() ? rate(measured, toLastRow.minus(toFirstRow)) : Double.NaN;
    }

    /** Every order of both parts over the whole time from the consumer's start; NaN unless all came. */
    double perSecondFromStart() {
        return toAllRows == null ? Double.NaN : rate(warmUp + measured, toAllRows);
    }

    private static double rate(long orders, Duration span) {
        return span.isZero() || span.isNegative() ? Double.NaN : orders / (span.toNanos() / 1e9);
    }
}
