package com.seckill.loadtest;

import java.util.List;
import java.util.Locale;

/**
 * One figure over the bench's rounds: its median and how far the rounds lay apart. The median rather
 * than the mean because one round on a shared box can be thrown far off (a compilation, a GC, a
 * payment timer of an earlier run firing), and one such round must not move the reported figure.
 *
 * @param rounds how many rounds had the figure (NaN or infinite values, e.g. a ratio over a rival that
 *               accepted nothing, are left out)
 */
record Spread(double median, double min, double max, int rounds) {

    static Spread of(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue)
                .filter(v -> !Double.isNaN(v) && !Double.isInfinite(v)).sorted().toArray();
        int n = sorted.length;
        if (n == 0) {
            return new Spread(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new Spread(median, sorted[0], sorted[n - 1], n);
    }

    boolean isEmpty() {
        return rounds == 0;
    }

    /** (max − min) / median: 0.3 means the rounds lay 30 % of the median apart. NaN when the median is 0. */
    double relative() {
        return median == 0 ? Double.NaN : (max - min) / Math.abs(median);
    }

    /**
     * "408 (380–450, 17 %)": median, then min–max and the relative spread; the median alone for a single
     * round; empty when no round had the figure.
     *
     * @param number the format of one value, e.g. "%.0f"
     */
    String format(String number) {
        if (isEmpty()) {
            return "";
        }
        String median = String.format(Locale.ROOT, number, this.median);
        if (rounds == 1) {
            return median;
        }
        double relative = relative();
        return median + " (" + String.format(Locale.ROOT, number, min) + "–" + String.format(Locale.ROOT, number, max)
                + (Double.isNaN(relative) ? "" : String.format(Locale.ROOT, ", %.0f %%", relative * 100)) + ")";
    }
}
