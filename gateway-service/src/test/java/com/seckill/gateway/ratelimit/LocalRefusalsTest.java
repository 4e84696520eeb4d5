package com.seckill.gateway.ratelimit;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class LocalRefusalsTest {

    private final FakeTicker ticker = new FakeTicker();
    private final LocalRefusals refusals = new LocalRefusals(1_000, ticker);

    @Test
    void anEmptiedBucketIsRefusedUntilItCanHoldATokenAgain() {
        long asked = refusals.now();
        ticker.advance(Duration.ofMillis(3)); // Redis's answer takes a while; the window counts from the ask

        refusals.learn("user:1", asked, 0, 5);

        ticker.advance(Duration.ofMillis(196)); // 199 ms after the ask: 5 per second is one token per 200 ms
        assertThat(refusals.refuses("user:1")).isTrue();
        ticker.advance(Duration.ofMillis(1));
        assertThat(refusals.refuses("user:1")).as("200 ms after the ask a token may be there: ask Redis").isFalse();
    }

    @Test
    void aBucketWithATokenLeftProvesNothing() {
        refusals.learn("user:1", refusals.now(), 1, 5);

        assertThat(refusals.refuses("user:1")).isFalse();
    }

    @Test
    void onlyTheRefusedBucketIsRefused() {
        refusals.learn("user:1", refusals.now(), 0, 1);

        assertThat(refusals.refuses("user:1")).isTrue();
        assertThat(refusals.refuses("user:2")).isFalse();
    }

    @Test
    void anOlderAnswerArrivingLateDoesNotShortenTheWindow() {
        long first = refusals.now();
        ticker.advance(Duration.ofMillis(500));
        long second = refusals.now();

        refusals.learn("user:1", second, 0, 1); // until second + 1 s
        refusals.learn("user:1", first, 0, 1);  // until first + 1 s, earlier: a weaker bound

        ticker.advance(Duration.ofMillis(900));
        assertThat(refusals.refuses("user:1")).isTrue();
    }

    @Test
    void anAnswerWhoseWindowHasAlreadyPassedIsNotKept() {
        long asked = refusals.now();
        ticker.advance(Duration.ofSeconds(2));

        refusals.learn("user:1", asked, 0, 1);

        assertThat(refusals.refuses("user:1")).isFalse();
        assertThat(refusals.size()).isZero();
    }

    @Test
    void memoryIsBoundedAndForgetsBucketsOnceTheirWindowHasPassed() {
        LocalRefusals small = new LocalRefusals(3, ticker);
        for (int i = 0; i < 50; i++) {
            small.learn("user:" + i, small.now(), 0, 1);
        }
        assertThat(small.size()).isLessThanOrEqualTo(3);

        ticker.advance(Duration.ofSeconds(1));
        assertThat(small.size()).isZero();
    }
}
