package com.seckill.gateway.ratelimit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import reactor.core.publisher.Mono;

/**
 * The shared Redis token bucket, asked only when this instance cannot already prove a refusal
 * ({@link LocalRefusals}). Redis stays the only one that lets a request through, so limits hold across
 * gateway instances exactly as before; a key flooding past its limit costs memory lookups instead of
 * a Redis round trip per request. A refusal from memory carries the same rate-limit headers as one
 * from Redis.
 */
final class LocalFirstRateLimiter {

    private final RedisRateLimiter shared;
    /** Null when local refusals are switched off. */
    private final LocalRefusals local;
    private final Counter localRefusals;

    private LocalFirstRateLimiter(RedisRateLimiter shared, LocalRefusals local, Counter localRefusals) {
        this.shared = shared;
        this.local = local;
        this.localRefusals = localRefusals;
    }

    static LocalFirstRateLimiter withLocalRefusals(RedisRateLimiter shared, LocalRefusals local, MeterRegistry meters) {
        Counter refusals = Counter.builder("seckill.gateway.rate-limit.local-refusals")
                .description("Requests refused from memory: Redis had just refused or emptied their bucket, which cannot hold a token yet")
                .register(meters);
        Gauge.builder("seckill.gateway.rate-limit.local-keys", local, LocalRefusals::size)
                .description("Buckets this instance currently knows to be empty")
                .register(meters);
        return new LocalFirstRateLimiter(shared, local, refusals);
    }

    /** Local refusals switched off: every decision is a Redis call. */
    static LocalFirstRateLimiter redisOnly(RedisRateLimiter shared) {
        return new LocalFirstRateLimiter(shared, null, null);
    }

    /** @param limitId a limit registered in the shared limiter's config */
    Mono<RateLimiter.Response> isAllowed(String limitId, String bucket) {
        if (local == null) {
            return shared.isAllowed(limitId, bucket);
        }
        RedisRateLimiter.Config limit = shared.getConfig().get(limitId);
        // The same identity as the Redis keys: request_rate_limiter.{limitId.bucket}.
        String key = limitId + "." + bucket;
        if (local.refuses(key)) {
            localRefusals.increment();
            return Mono.just(new RateLimiter.Response(false, shared.getHeaders(limit, 0L)));
        }
        long askedAt = local.now();
        return shared.isAllowed(limitId, bucket).doOnNext(answer -> {
            String left = answer.getHeaders().get(shared.getRemainingHeader());
            // -1: Redis did not answer and the request was let through unchecked; that proves nothing.
            if (left != null && !left.startsWith("-")) {
                local.learn(key, askedAt, Long.parseLong(left), limit.getReplenishRate());
            }
        });
    }
}
