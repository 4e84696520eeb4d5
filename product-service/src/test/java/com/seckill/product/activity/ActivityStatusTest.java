package com.seckill.product.activity;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ActivityStatusTest {

    private static final Instant START = Instant.parse("2026-11-27T00:00:00Z");
    private static final Instant END = Instant.parse("2026-11-27T01:00:00Z");

    @Test
    void theWindowIsHalfOpenStartIncludedEndExcluded() {
        assertThat(ActivityStatus.at(START.minusMillis(1), START, END)).isEqualTo(ActivityStatus.UPCOMING);
        assertThat(ActivityStatus.at(START, START, END)).isEqualTo(ActivityStatus.ACTIVE);
        assertThat(ActivityStatus.at(END.minusMillis(1), START, END)).isEqualTo(ActivityStatus.ACTIVE);
        assertThat(ActivityStatus.at(END, START, END)).isEqualTo(ActivityStatus.ENDED);
    }
}
