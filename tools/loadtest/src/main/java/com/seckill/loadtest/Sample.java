package com.seckill.loadtest;

/**
 * One finished request. {@code status} 0 means no HTTP answer at all (connection refused, timeout);
 * {@code problemCode} is the problem+json {@code code}, the exception's simple name when there was no
 * answer (so refused connections and timeouts are told apart in the report), or null.
 */
record Sample(long startEpochMillis, long latencyNanos, int status, String problemCode) {

    boolean isError() {
        return status == 0 || status >= 500;
    }
}
