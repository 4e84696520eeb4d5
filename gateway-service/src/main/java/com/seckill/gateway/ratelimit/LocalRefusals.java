package com.seckill.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;

import java.util.concurrent.TimeUnit;

/**
 * This instance's view of the shared Redis buckets, kept only where it proves a refusal: per bucket,
 * the instant before which that bucket cannot hold a whole token.
 *
 * <p>Why that is sound: Redis answered "{@code n} tokens left" for a call sent at {@code t}. From then
 * on the bucket gains at most {@code rate} tokens a second and loses tokens to every request any
 * gateway instance lets through, so it holds at most {@code n + rate × (now − t)}. While that is below
 * one, Redis would refuse too: the refusal is answered here without a round trip, and nothing is ever
 * let through that Redis did not let through itself. Taking {@code t} as the moment the call was
 * <em>sent</em> (not answered) keeps the estimate on the high side.
 *
 * <p>One caveat, in the refusing direction only: the stock script counts time in whole seconds of
 * Redis's clock, so Redis may refill up to a second's tokens at a second boundary a little before this
 * estimate says. A flooding key is then refused here at most {@code 1/rate} s longer than Redis would
 * have; its tokens stay in Redis and are spent just after, so its rate over time is unchanged.
 *
 * <p>Memory: only refused buckets are held, each until its instant passes (at most {@code 1/rate}
 * seconds), and never more than {@code maxKeys} of them.
 */
final class LocalRefusals {

    private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

    private final Ticker ticker;
    /** Bucket → ticker time (ns) before which it cannot hold a token. */
    private final Cache<String, Long> refusedUntil;

    LocalRefusals(long maxKeys, Ticker ticker) {
        this.ticker = ticker;
        this.refusedUntil = Caffeine.newBuilder()
                .maximumSize(maxKeys)
                .expireAfter(untilTheInstant())
                .ticker(ticker)
                .build();
    }

    /** The time to pass to {@link #learn} for a call about to be sent to Redis. */
    long now() {
        return ticker.read();
    }

    boolean refuses(String bucket) {
        Long until = refusedUntil.getIfPresent(bucket);
        return until != null && ticker.read() - until < 0;
    }

    /**
     * @param askedAt     {@link #now()} just before the call was sent
     * @param tokensLeft  what Redis said the bucket holds after its decision
     * @param tokensPerSecond the bucket's refill rate
     */
    void learn(String bucket, long askedAt, long tokensLeft, int tokensPerSecond) {
        if (tokensLeft >= 1) {
            return;
        }
        long until = askedAt + (1 - tokensLeft) * NANOS_PER_SECOND / tokensPerSecond;
        if (until - ticker.read() > 0) {
            // Every answer bounds the bucket; the latest-ending bound is the tightest.
            refusedUntil.asMap().merge(bucket, until, Math::max);
        }
    }

    long size() {
        refusedUntil.cleanUp();
        return refusedUntil.estimatedSize();
    }

    private static Expiry<String, Long> untilTheInstant() {
        return new Expiry<>() {
            @Override
            public long expireAfterCreate(String bucket, Long until, long currentTime) {
                return Math.max(0, until - currentTime);
            }

            @Override
            public long expireAfterUpdate(String bucket, Long until, long currentTime, long currentDuration) {
                return Math.max(0, until - currentTime);
            }

            @Override
            public long expireAfterRead(String bucket, Long until, long currentTime, long currentDuration) {
                return currentDuration;
            }
        };
    }
}
