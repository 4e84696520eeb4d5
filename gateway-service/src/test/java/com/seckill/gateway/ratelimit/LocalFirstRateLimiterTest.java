package com.seckill.gateway.ratelimit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Local refusals in front of a stand-in for the shared bucket that does the stock Lua script's
 * arithmetic (whole seconds of Redis's own clock, which need not tick with ours). The real script on
 * real Redis is in LocalRefusalsOnRedisIT.
 */
class LocalFirstRateLimiterTest {

    private static final String LIMIT = "rate-limit:USER:5:10";

    private final FakeTicker ticker = new FakeTicker();
    private final MeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void aKeyRefusedByRedisIsRefusedFromMemoryWithTheSameHeaders() {
        ScriptArithmetic redis = new ScriptArithmetic(5, 10, ticker, 0);
        LocalFirstRateLimiter limiter = LocalFirstRateLimiter.withLocalRefusals(redis, new LocalRefusals(100, ticker), meters);
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.isAllowed(LIMIT, "user:1").block().isAllowed()).isTrue();
        }
        // The 10th answer said the bucket is empty: the 11th is answered from memory.
        RateLimiter.Response refused = limiter.isAllowed(LIMIT, "user:1").block();

        assertThat(refused.isAllowed()).isFalse();
        assertThat(redis.calls).isEqualTo(10);
        assertThat(refused.getHeaders()).containsEntry("X-RateLimit-Remaining", "0")
                .containsEntry("X-RateLimit-Replenish-Rate", "5").containsEntry("X-RateLimit-Burst-Capacity", "10");
        assertThat(meters.counter("seckill.gateway.rate-limit.local-refusals").count()).isEqualTo(1);
    }

    @Test
    void aRefusalFromRedisIsRememberedThenRedisIsAskedAgainAfterTheWindow() {
        ScriptArithmetic redis = new ScriptArithmetic(5, 10, ticker, 0);
        LocalFirstRateLimiter other = LocalFirstRateLimiter.redisOnly(redis); // another instance drains the bucket
        for (int i = 0; i < 10; i++) {
            other.isAllowed(LIMIT, "user:1").block();
        }
        LocalFirstRateLimiter limiter = LocalFirstRateLimiter.withLocalRefusals(redis, new LocalRefusals(100, ticker), meters);

        assertThat(limiter.isAllowed(LIMIT, "user:1").block().isAllowed()).as("Redis refuses").isFalse();
        for (int i = 0; i < 50; i++) {
            assertThat(limiter.isAllowed(LIMIT, "user:1").block().isAllowed()).isFalse();
        }
        assertThat(redis.calls).as("the 50 repeats cost no Redis call").isEqualTo(11);

        ticker.advance(Duration.ofSeconds(1));
        assertThat(limiter.isAllowed(LIMIT, "user:1").block().isAllowed()).as("a second later Redis has refilled").isTrue();
        assertThat(redis.calls).isEqualTo(12);
    }

    @Test
    void anUnansweredCallProvesNothing() {
        RedisRateLimiter unanswered = new RedisRateLimiter(5, 10) {
            @Override
            public Mono<Response> isAllowed(String routeId, String id) {
                return Mono.just(new Response(true, getHeaders(getConfig().get(routeId), -1L)));
            }
        };
        unanswered.getConfig().put(LIMIT, new RedisRateLimiter.Config().setReplenishRate(5).setBurstCapacity(10).setRequestedTokens(1));
        LocalRefusals refusals = new LocalRefusals(100, ticker);
        LocalFirstRateLimiter limiter = LocalFirstRateLimiter.withLocalRefusals(unanswered, refusals, meters);

        limiter.isAllowed(LIMIT, "user:1").block();

        assertThat(refusals.size()).isZero();
    }

    /**
     * Two gateway instances flood one key for 20 s at random moments. Every request they let through
     * was let through by the shared bucket (they have no other way to say yes), so they can never let
     * more through than it; and over time they let through as many as the bucket alone would, give or
     * take one second's refill, while calling it far less.
     */
    @ParameterizedTest(name = "Redis clock {0} ms ahead")
    @ValueSource(ints = {0, 130, 570, 999})
    void twoInstancesNeverLetMoreThroughThanTheSharedBucketAlone(int redisClockAheadMs) {
        ScriptArithmetic shared = new ScriptArithmetic(5, 10, ticker, redisClockAheadMs);
        LocalFirstRateLimiter first = LocalFirstRateLimiter.withLocalRefusals(shared, new LocalRefusals(100, ticker), meters);
        LocalFirstRateLimiter second = LocalFirstRateLimiter.withLocalRefusals(shared, new LocalRefusals(100, ticker), new SimpleMeterRegistry());
        ScriptArithmetic alone = new ScriptArithmetic(5, 10, ticker, redisClockAheadMs);
        LocalFirstRateLimiter redisOnly = LocalFirstRateLimiter.redisOnly(alone);
        Random random = new Random(redisClockAheadMs);

        int allowedWithLocal = 0;
        int allowedAlone = 0;
        for (int i = 0; i < 4_000; i++) {
            ticker.advance(Duration.ofMillis(random.nextInt(10))); // ~200 requests a second against 5 allowed
            LocalFirstRateLimiter instance = random.nextBoolean() ? first : second;
            allowedWithLocal += instance.isAllowed(LIMIT, "user:1").block().isAllowed() ? 1 : 0;
            allowedAlone += redisOnly.isAllowed(LIMIT, "user:1").block().isAllowed() ? 1 : 0;
        }

        assertThat(allowedWithLocal).as("every yes was the shared bucket's").isEqualTo(shared.allowed);
        assertThat(allowedWithLocal).isLessThanOrEqualTo(allowedAlone).isGreaterThanOrEqualTo(allowedAlone - 5);
        assertThat(shared.calls).as("Redis calls with local refusals, of 4,000 requests").isLessThan(alone.calls / 10);
    }

    /** The stock request_rate_limiter.lua's arithmetic, on whole seconds of a clock offset from the ticker. */
    private static final class ScriptArithmetic extends RedisRateLimiter {
        private final FakeTicker ticker;
        private final long clockAheadNanos;
        private final Map<String, long[]> buckets = new HashMap<>(); // id → {tokens, lastRefreshed}
        int calls;
        int allowed;

        ScriptArithmetic(int rate, long burst, FakeTicker ticker, int clockAheadMs) {
            super(rate, burst);
            this.ticker = ticker;
            this.clockAheadNanos = Duration.ofMillis(clockAheadMs).toNanos();
            getConfig().put(LIMIT, new RedisRateLimiter.Config().setReplenishRate(rate).setBurstCapacity(burst).setRequestedTokens(1));
        }

        @Override
        public Mono<Response> isAllowed(String routeId, String id) {
            calls++;
            Config config = getConfig().get(routeId);
            long now = (ticker.read() + clockAheadNanos) / 1_000_000_000L;
            long[] bucket = buckets.computeIfAbsent(id, key -> new long[] {config.getBurstCapacity(), 0});
            long delta = Math.max(0, now - bucket[1]);
            long filled = Math.min(config.getBurstCapacity(), bucket[0] + delta * config.getReplenishRate());
            boolean yes = filled >= config.getRequestedTokens();
            bucket[0] = yes ? filled - config.getRequestedTokens() : filled;
            bucket[1] = now;
            allowed += yes ? 1 : 0;
            return Mono.just(new Response(yes, getHeaders(config, bucket[0])));
        }
    }
}
