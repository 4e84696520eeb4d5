package com.seckill.product.activity;

import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.seckill.common.error.ErrorCode;
import com.seckill.common.error.SeckillException;
import com.seckill.common.stock.StockKeys;
import com.seckill.product.catalog.CatalogProperties;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The live remaining units of activities, read from inventory-service's Redis counters (never from
 * a database). Each read is reused for {@code seckill.catalog.stock-ttl} (about a second), so a
 * thousand readers of one activity cost Redis one GET per second, and a list costs one MGET.
 * A missing counter means the stock was not loaded yet: nothing was sold.
 */
@Component
class RemainingStock {

    private final StringRedisTemplate redis;
    private final LoadingCache<Long, OptionalLong> counters;

    RemainingStock(StringRedisTemplate redis, CatalogProperties properties) {
        this.redis = redis;
        this.counters = Caffeine.newBuilder()
                .expireAfterWrite(properties.stockTtl())
                .maximumSize(properties.localMaxSize())
                .build(new CacheLoader<>() {
                    @Override
                    public OptionalLong load(Long id) {
                        return parse(redis.opsForValue().get(StockKeys.remaining(id)));
                    }

                    @Override
                    public Map<Long, OptionalLong> loadAll(Set<? extends Long> ids) {
                        return readAll(ids);
                    }
                });
    }

    /** Remaining units, never below 0; the whole stock while no counter exists. */
    int of(Activity activity) {
        return clamp(read(() -> counters.get(activity.id())), activity);
    }

    /** Remaining units of each activity, by id, in one Redis round trip for those not cached. */
    Map<Long, Integer> of(Collection<Activity> activities) {
        Map<Long, OptionalLong> read = read(() -> counters.getAll(activities.stream().map(Activity::id).toList()));
        Map<Long, Integer> remaining = new HashMap<>();
        for (Activity activity : activities) {
            remaining.put(activity.id(), clamp(read.get(activity.id()), activity));
        }
        return remaining;
    }

    private Map<Long, OptionalLong> readAll(Set<? extends Long> ids) {
        List<Long> ordered = new ArrayList<>(ids);
        List<String> values = redis.opsForValue().multiGet(ordered.stream().map(StockKeys::remaining).toList());
        Map<Long, OptionalLong> result = new HashMap<>();
        for (int i = 0; i < ordered.size(); i++) {
            result.put(ordered.get(i), parse(values == null ? null : values.get(i)));
        }
        return result;
    }

    private static <T> T read(Supplier<T> read) {
        try {
            return read.get();
        } catch (DataAccessException e) {
            throw new SeckillException(ErrorCode.SERVICE_UNAVAILABLE, "The live stock cannot be read right now");
        }
    }

    private static OptionalLong parse(String value) {
        return value == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(value));
    }

    private static int clamp(OptionalLong counter, Activity activity) {
        long remaining = counter == null || counter.isEmpty() ? activity.totalStock() : counter.getAsLong();
        return (int) Math.max(0, remaining);
    }
}
