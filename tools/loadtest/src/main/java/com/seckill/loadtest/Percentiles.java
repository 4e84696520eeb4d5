package com.seckill.loadtest;

/** Nearest-rank percentiles: every value reported was really observed, no interpolation artefacts. */
final class Percentiles {

    private Percentiles() {
    }

    /** @param sorted ascending, not empty; @param percent in (0, 100] */
    static long of(long[] sorted, double percent) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        if (!(percent > 0 && percent <= 100)) {
            throw new IllegalArgumentException("percent must be in (0, 100]: " + percent);
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }
}
