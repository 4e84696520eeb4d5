package com.seckill.orderconsumer.drain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WriteRateLimiterTest {

    @Test
    void aFullBucketLetsOneBurstGoAtOnce() throws InterruptedException {
        WriteRateLimiter limiter = WriteRateLimiter.perInstance(10, 50);

        long start = System.nanoTime();
        limiter.acquire(50);

        assertThat(elapsed(start)).isLessThan(Duration.ofMillis(200));
    }

    @Test
    void beyondTheBurstPermitsComeAtTheRate() throws InterruptedException {
        WriteRateLimiter limiter = WriteRateLimiter.perInstance(1_000, 100);
        limiter.acquire(100);

        long start = System.nanoTime();
        for (int i = 0; i < 4; i++) {
            limiter.acquire(100);
        }

        assertThat(elapsed(start)).as("400 permits at 1,000/s").isGreaterThanOrEqualTo(Duration.ofMillis(390));
    }

    @Test
    void threadsShareOneRate() throws InterruptedException {
        WriteRateLimiter limiter = WriteRateLimiter.perInstance(1_000, 50);
        limiter.acquire(50);
        List<Thread> threads = new ArrayList<>();

        long start = System.nanoTime();
        for (int i = 0; i < 4; i++) {
            Thread thread = new Thread(() -> {
                try {
                    for (int j = 0; j < 2; j++) {
                        limiter.acquire(50);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(elapsed(start)).as("400 permits at 1,000/s, whatever the threads").isGreaterThanOrEqualTo(Duration.ofMillis(390));
    }

    @Test
    void uncappedNeverWaits() throws InterruptedException {
        WriteRateLimiter limiter = WriteRateLimiter.uncapped();

        long start = System.nanoTime();
        for (int i = 0; i < 1_000; i++) {
            limiter.acquire(1_000);
        }

        assertThat(elapsed(start)).isLessThan(Duration.ofMillis(200));
    }

    @Test
    void moreThanTheBurstAtOnceIsRefused() {
        WriteRateLimiter limiter = WriteRateLimiter.perInstance(100, 10);

        assertThatThrownBy(() -> limiter.acquire(11)).isInstanceOf(IllegalArgumentException.class);
    }

    private static Duration elapsed(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
