package com.seckill.product.catalog;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * A read-through cache of one kind of value: a small in-process Caffeine cache with a short TTL,
 * in front of Redis, in front of the loader (MySQL).
 * <ul>
 *   <li>Stampede: Caffeine runs at most one loader per key at a time in this JVM; concurrent readers
 *       of a cold key wait for that one result. Across instances that bounds the database load of a
 *       cold key to one query per instance.</li>
 *   <li>Penetration: an id the loader does not find is cached as a miss (a marker in Redis, an empty
 *       Optional locally) for a short while, so repeated unknown ids do not reach MySQL.</li>
 *   <li>Avalanche: every Redis TTL is stretched by a random share, so keys written together by one
 *       warm-up do not all expire in the same second.</li>
 *   <li>Redis down: the read falls through to the loader rather than failing; it is counted.</li>
 * </ul>
 * Metric {@code seckill.catalog.cache}, tags {@code cache}, {@code level} (local|redis) and
 * {@code result} (hit|miss|error).
 */
public final class TwoLevelCache<V> {

    private static final Logger log = LoggerFactory.getLogger(TwoLevelCache.class);

    /** Stored in Redis for "the database has no such thing"; never valid JSON of a value. */
    static final String MISS_MARKER = "-";

    private final String name;
    private final JavaType type;
    private final Cache<String, Optional<V>> local;
    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final Duration redisTtl;
    private final Duration missTtl;
    private final double jitter;
    private final Counter localHit;
    private final Counter localMiss;
    private final Counter redisHit;
    private final Counter redisMiss;
    private final Counter redisError;

    TwoLevelCache(String name, JavaType type, Duration redisTtl, CatalogProperties properties,
                  StringRedisTemplate redis, JsonMapper json, MeterRegistry meters) {
        this.name = name;
        this.type = type;
        this.local = Caffeine.newBuilder()
                .expireAfterWrite(properties.localTtl())
                .maximumSize(properties.localMaxSize())
                .build();
        this.redis = redis;
        this.json = json;
        this.redisTtl = redisTtl;
        this.missTtl = properties.missTtl();
        this.jitter = properties.jitter();
        this.localHit = counter(meters, "local", "hit");
        this.localMiss = counter(meters, "local", "miss");
        this.redisHit = counter(meters, "redis", "hit");
        this.redisMiss = counter(meters, "redis", "miss");
        this.redisError = counter(meters, "redis", "error");
    }

    private Counter counter(MeterRegistry meters, String level, String result) {
        return Counter.builder("seckill.catalog.cache")
                .description("Catalog read-model lookups by cache level and result")
                .tag("cache", name).tag("level", level).tag("result", result)
                .register(meters);
    }

    /** The value of the key, from the nearest level that has it; the loader runs only when none has. */
    public Optional<V> get(String key, Supplier<Optional<V>> loader) {
        boolean[] loadedHere = {false};
        Optional<V> value = local.get(key, k -> {
            loadedHere[0] = true;
            return fromRedisOrLoad(k, loader);
        });
        if (!loadedHere[0]) {
            localHit.increment();
        }
        return value;
    }

    /** Writes a fresh value to both levels, e.g. right after the database changed or at warm-up. */
    public void put(String key, V value) {
        writeRedis(key, json.writeValueAsString(value), redisTtl);
        local.put(key, Optional.of(value));
    }

    /** Forgets the key in this instance only; other instances' local copies expire by their TTL. */
    public void evictLocal(String key) {
        local.invalidate(key);
    }

    /** Forgets the key in this instance and in Redis. */
    public void evict(String key) {
        local.invalidate(key);
        try {
            redis.delete(key);
        } catch (DataAccessException e) {
            redisError.increment();
            log.warn("Could not evict {} from Redis: {}", key, e.getMessage());
        }
    }

    private Optional<V> fromRedisOrLoad(String key, Supplier<Optional<V>> loader) {
        localMiss.increment();
        String cached = readRedis(key);
        if (cached != null) {
            redisHit.increment();
            return MISS_MARKER.equals(cached) ? Optional.empty() : Optional.of(json.readValue(cached, type));
        }
        redisMiss.increment();
        Optional<V> loaded = loader.get();
        if (loaded.isPresent()) {
            writeRedis(key, json.writeValueAsString(loaded.get()), redisTtl);
        } else {
            writeRedis(key, MISS_MARKER, missTtl);
        }
        return loaded;
    }

    private String readRedis(String key) {
        try {
            return redis.opsForValue().get(key);
        } catch (DataAccessException e) {
            redisError.increment();
            log.warn("Redis read of {} failed, reading the database instead: {}", key, e.getMessage());
            return null;
        }
    }

    private void writeRedis(String key, String value, Duration ttl) {
        try {
            redis.opsForValue().set(key, value, jittered(ttl));
        } catch (DataAccessException e) {
            redisError.increment();
            log.warn("Redis write of {} failed: {}", key, e.getMessage());
        }
    }

    private Duration jittered(Duration ttl) {
        long millis = ttl.toMillis();
        return Duration.ofMillis(millis + (long) (millis * jitter * ThreadLocalRandom.current().nextDouble()));
    }
}
