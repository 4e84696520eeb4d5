package com.seckill.inventory.audit;

import com.seckill.inventory.stock.StockKeys;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The audit's reads of the outbox (written by the reservation script): entries still there after the
 * settle window, i.e. reservations the system did not settle by itself. Here, not with the outbox sweep's
 * reads, because their answer is the audit's ({@link StockReport.Undecided}).
 */
@Service
class UndecidedReservations {

    private final StringRedisTemplate redis;
    private final Clock clock;

    UndecidedReservations(StringRedisTemplate redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    /**
     * The activity's outbox entries older than {@code age}: reservations that still owe the broker their order
     * message although every sweep should have sent it by then. Two reads of the sorted set (its count
     * by age, its oldest entry).
     */
    StockReport.Undecided undecided(long activityId, Duration age) {
        long now = clock.millis();
        String key = StockKeys.unpublishedSince(activityId);
        Long count = redis.opsForZSet().count(key, Double.NEGATIVE_INFINITY, now - age.toMillis());
        if (count == null || count == 0) {
            return StockReport.Undecided.NONE;
        }
        Set<ZSetOperations.TypedTuple<String>> oldest = redis.opsForZSet().rangeWithScores(key, 0, 0);
        Long oldestAge = oldest == null || oldest.isEmpty() ? null : now - oldest.iterator().next().getScore().longValue();
        return new StockReport.Undecided(count, oldestAge);
    }

    /** The order ids of the oldest {@code limit} of them, oldest first: for a log line. */
    List<String> undecidedOrderIds(long activityId, Duration age, int limit) {
        Set<String> ids = redis.opsForZSet().rangeByScore(StockKeys.unpublishedSince(activityId),
                Double.NEGATIVE_INFINITY, clock.millis() - age.toMillis(), 0, limit);
        return ids == null ? List.of() : List.copyOf(ids);
    }
}
