package com.seckill.inventory.recovery;

import com.seckill.inventory.stock.StockKeys;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ValueOperations;

import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class RedisDataLossWatchTest {

    private final StringRedisTemplate redis = mock(StringRedisTemplate.class);
    @SuppressWarnings("unchecked")
    private final ValueOperations<String, String> values = mock(ValueOperations.class);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final RedisDataLossWatch watch = new RedisDataLossWatch(redis, Clock.systemUTC(), meters);

    @Test
    void aMarkerMissingAtTheFirstLookIsWrittenWithoutAnAlarm() {
        when(redis.opsForValue()).thenReturn(values);
        when(redis.hasKey(StockKeys.dataMarker())).thenReturn(false);

        watch.check();

        verify(values).setIfAbsent(eq(StockKeys.dataMarker()), anyString());
        assertThat(losses()).isZero();
    }

    @Test
    void aMarkerGoneAfterItWasSeenIsALossCountedOnceAndWrittenAgain() {
        when(redis.opsForValue()).thenReturn(values);
        when(redis.hasKey(StockKeys.dataMarker())).thenReturn(true, true, false, true);

        watch.check();
        watch.check();
        watch.check();
        watch.check();

        assertThat(losses()).isEqualTo(1);
        verify(values, times(1)).setIfAbsent(eq(StockKeys.dataMarker()), anyString());
    }

    @Test
    void redisNotAnsweringIsNoLoss() {
        when(redis.hasKey(StockKeys.dataMarker())).thenReturn(true).thenThrow(new RedisConnectionFailureException("down")).thenReturn(true);

        watch.check();
        watch.check();
        watch.check();

        assertThat(losses()).isZero();
    }

    private double losses() {
        return meters.get("seckill.stock.redis.data.lost").counter().count();
    }
}
