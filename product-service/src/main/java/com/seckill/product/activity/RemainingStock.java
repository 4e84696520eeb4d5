package com.seckill.product.activity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.seckill.common.error.ErrorCode;
import com.seckill.common.error.SeckillException;
import com.seckill.product.catalog.CatalogProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The live remaining units of activities, as inventory-service counts them: its counters are its own,
 * so this asks it ({@link InventoryClient#remaining}) rather than reading them. Each answer is reused
 * for {@code seckill.catalog.stock-ttl} (about a second), so a thousand readers of one activity cost
 * one call a second per instance, and a list costs one call. An activity that has not started needs
 * no call: nothing of it can have been sold. While inventory cannot answer, the last answer is shown for
 * up to {@code stock-stale-for}; with none, the read is a 503.
 */
@Component
class RemainingStock {

    private static final Logger log = LoggerFactory.getLogger(RemainingStock.class);
    private static final int PER_CALL = 500;

    private final InventoryClient inventory;
    private final Clock clock;
    private final LoadingCache<Long, OptionalLong> current;
    private final Cache<Long, OptionalLong> lastKnown;
    private final Counter staleAnswers;

    RemainingStock(InventoryClient inventory, CatalogProperties properties, Clock clock, MeterRegistry meters) {
        this.inventory = inventory;
        this.clock = clock;
        this.lastKnown = Caffeine.newBuilder()
                .expireAfterWrite(properties.stockStaleFor())
                .maximumSize(properties.localMaxSize())
                .build();
        this.current = Caffeine.newBuilder()
                .expireAfterWrite(properties.stockTtl())
                .maximumSize(properties.localMaxSize())
                .build(new CacheLoader<>() {
                    @Override
                    public OptionalLong load(Long id) {
                        return ask(Set.of(id)).get(id);
                    }

                    @Override
                    public Map<Long, OptionalLong> loadAll(Set<? extends Long> ids) {
                        return ask(ids);
                    }
                });
        this.staleAnswers = Counter.builder("seckill.catalog.stock.stale")
                .description("Catalog reads answered with the last known remaining units: inventory-service could not be asked")
                .register(meters);
    }

    /** Remaining units, never below 0; the whole stock while nothing can have been sold. */
    int of(Activity activity) {
        return of(List.of(activity)).get(activity.id());
    }

    /** Remaining units of each activity, by id, in one call to inventory for those not cached. */
    Map<Long, Integer> of(Collection<Activity> activities) {
        Instant now = clock.instant();
        List<Long> started = activities.stream().filter(a -> a.statusAt(now) != ActivityStatus.UPCOMING)
                .map(Activity::id).toList();
        Map<Long, OptionalLong> counted = started.isEmpty() ? Map.of() : current.getAll(started);
        Map<Long, Integer> remaining = new HashMap<>();
        for (Activity activity : activities) {
            OptionalLong count = counted.getOrDefault(activity.id(), OptionalLong.empty());
            remaining.put(activity.id(), (int) Math.max(0, count.orElse(activity.totalStock())));
        }
        return remaining;
    }

    /** inventory's answer (empty: never loaded), or the last one known if it cannot answer now. */
    private Map<Long, OptionalLong> ask(Set<? extends Long> ids) {
        Map<Long, OptionalLong> answer = new HashMap<>();
        try {
            List<Long> all = new ArrayList<>(ids);
            for (int from = 0; from < all.size(); from += PER_CALL) {
                List<Long> chunk = all.subList(from, Math.min(all.size(), from + PER_CALL));
                Map<String, Long> counted = inventory.remaining(chunk);
                chunk.forEach(id -> {
                    Long count = counted.get(Long.toString(id));
                    answer.put(id, count == null ? OptionalLong.empty() : OptionalLong.of(count));
                });
            }
        } catch (RuntimeException e) {
            Map<Long, OptionalLong> known = lastKnown.getAllPresent(ids);
            if (known.size() < ids.size()) {
                log.debug("inventory-service cannot tell the remaining units now", e);
                throw new SeckillException(ErrorCode.SERVICE_UNAVAILABLE, "The live stock cannot be read right now");
            }
            staleAnswers.increment();
            return known;
        }
        lastKnown.putAll(answer);
        return answer;
    }
}
