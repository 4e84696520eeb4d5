package com.seckill.gateway.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Remembers tokens the decoder has verified, so a buyer's next requests with the same token skip the
 * HS256 check and the claim parsing (a tenth of the gateway's CPU in the bench profile).
 *
 * <p>Keyed by the whole compact token: header, payload and signature. A token that differs in a
 * single character (a forged signature, an edited claim) is another key, so it is verified by the
 * decoder like any first use; only what the decoder accepted is ever stored, never a refusal.
 *
 * <p>An entry lives until the token's {@code exp} and no longer: Caffeine drops it then, and a hit is
 * checked against {@code exp} once more, so a late eviction cannot serve an expired token. After
 * {@code exp} the decoder decides again (and refuses, give or take its clock skew). Tokens without
 * {@code exp} are not cached. A token stays accepted until its {@code exp} even if a JWK set drops its
 * key meanwhile; with tokens of minutes that is the price of the cache.
 */
final class VerifiedTokenCache implements ReactiveJwtDecoder {

    private final ReactiveJwtDecoder verifier;
    private final Clock clock;
    private final Cache<String, Jwt> verified;
    private final Counter hits;
    private final Counter misses;

    VerifiedTokenCache(ReactiveJwtDecoder verifier, long maxSize, MeterRegistry meters) {
        this(verifier, maxSize, meters, Clock.systemUTC());
    }

    VerifiedTokenCache(ReactiveJwtDecoder verifier, long maxSize, MeterRegistry meters, Clock clock) {
        this.verifier = verifier;
        this.clock = clock;
        this.verified = Caffeine.newBuilder()
                .maximumSize(maxSize)
                .expireAfter(untilExpiry())
                // exp is wall-clock time, so the cache's time is the same clock.
                .ticker(wallClockTicker(clock))
                .build();
        this.hits = counter(meters, "hit", "requests whose token was verified before and served from the cache");
        this.misses = counter(meters, "miss", "requests whose token the decoder verified (first use, expired or evicted, or invalid)");
        Gauge.builder("seckill.gateway.jwt.cache.size", verified, Cache::estimatedSize)
                .description("verified tokens held until their expiry")
                .register(meters);
    }

    @Override
    public Mono<Jwt> decode(String token) {
        Jwt known = verified.getIfPresent(token);
        if (known != null && notExpired(known)) {
            hits.increment();
            return Mono.just(known);
        }
        misses.increment();
        return verifier.decode(token).doOnNext(jwt -> {
            if (jwt.getExpiresAt() != null && notExpired(jwt)) {
                verified.put(token, jwt);
            }
        });
    }

    long size() {
        verified.cleanUp();
        return verified.estimatedSize();
    }

    private boolean notExpired(Jwt jwt) {
        return clock.instant().isBefore(jwt.getExpiresAt());
    }

    private Expiry<String, Jwt> untilExpiry() {
        return new Expiry<>() {
            @Override
            public long expireAfterCreate(String token, Jwt jwt, long currentTime) {
                return nanosUntil(jwt.getExpiresAt());
            }

            @Override
            public long expireAfterUpdate(String token, Jwt jwt, long currentTime, long currentDuration) {
                return nanosUntil(jwt.getExpiresAt());
            }

            @Override
            public long expireAfterRead(String token, Jwt jwt, long currentTime, long currentDuration) {
                return currentDuration;
            }
        };
    }

    private long nanosUntil(Instant expiresAt) {
        return Math.max(0, Duration.between(clock.instant(), expiresAt).toNanos());
    }

    private static Ticker wallClockTicker(Clock clock) {
        return () -> TimeUnit.MILLISECONDS.toNanos(clock.millis());
    }

    private static Counter counter(MeterRegistry meters, String result, String description) {
        return Counter.builder("seckill.gateway.jwt.cache").tag("result", result).description(description).register(meters);
    }
}
