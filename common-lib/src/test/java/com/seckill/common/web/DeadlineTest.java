package com.seckill.common.web;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeadlineTest {

    private static final Instant NOW = Instant.parse("2026-11-27T08:00:00.123Z");

    @Test
    void theHeaderIsEpochMillisecondsBothWays() {
        Deadline deadline = Deadline.after(NOW, Duration.ofSeconds(8));

        assertThat(deadline.headerValue()).isEqualTo(Long.toString(NOW.toEpochMilli() + 8_000));
        assertThat(Deadline.parse(deadline.headerValue())).isEqualTo(deadline);
    }

    @Test
    void whatIsLeftCountsDownAndGoesNegativeOnceTheCallerGaveUp() {
        Deadline deadline = Deadline.after(NOW, Duration.ofMillis(1_500));

        assertThat(deadline.remainingAt(NOW)).hasValue(Duration.ofMillis(1_500));
        assertThat(deadline.remainingAt(NOW.plusMillis(1_400))).hasValue(Duration.ofMillis(100));
        assertThat(deadline.remainingAt(NOW.plusSeconds(2))).hasValue(Duration.ofMillis(-500));
    }

    @Test
    void noHeaderIsNoDeadline() {
        assertThat(Deadline.parse(null)).isEqualTo(Deadline.none());
        assertThat(Deadline.none().remainingAt(NOW)).isEmpty();
    }

    @Test
    void anythingButANumberIsRefused() {
        assertThatThrownBy(() -> Deadline.parse("in 8 seconds")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Deadline.HEADER);
        assertThatThrownBy(() -> Deadline.parse("")).isInstanceOf(IllegalArgumentException.class);
    }
}
