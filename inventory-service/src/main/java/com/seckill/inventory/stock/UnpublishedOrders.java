package com.seckill.inventory.stock;

import com.seckill.common.stock.StockKeys;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the outbox: reservations whose order message nobody confirmed as sent for longer than a
 * publisher ever takes, i.e. whose publisher died (or lost the broker) between reserving and
 * confirming. order-service sends them again; the consumers take an order once however often it comes.
 */
@Service
class UnpublishedOrders {

    private final StringRedisTemplate redis;
    private final StockRecordRepository records;
    private final Clock clock;

    UnpublishedOrders(StringRedisTemplate redis, StockRecordRepository records, Clock clock) {
        this.redis = redis;
        this.records = records;
        this.clock = clock;
    }

    /** The oldest first per activity, at most {@code limit} in all, every activity with a stock record looked at. */
    List<UnpublishedOrder> olderThan(Duration age, int limit) {
        long before = clock.millis() - age.toMillis();
        List<UnpublishedOrder> found = new ArrayList<>();
        for (long activityId : records.activityIds()) {
            if (found.size() >= limit) {
                break;
            }
            Set<ZSetOperations.TypedTuple<String>> old = redis.opsForZSet()
                    .rangeByScoreWithScores(StockKeys.unpublishedSince(activityId), Double.NEGATIVE_INFINITY, before, 0, limit - found.size());
            if (old == null || old.isEmpty()) {
                continue;
            }
            List<Object> orderIds = old.stream().map(ZSetOperations.TypedTuple::getValue).map(Object.class::cast).toList();
            List<Object> messages = redis.opsForHash().multiGet(StockKeys.unpublished(activityId), orderIds);
            int i = 0;
            for (ZSetOperations.TypedTuple<String> entry : old) {
                Object message = messages.get(i++);
                // confirmed between the two reads: nothing owed any more
                if (message != null) {
                    found.add(new UnpublishedOrder(activityId, entry.getValue(), (String) message, entry.getScore().longValue()));
                }
            }
        }
        return found;
    }
}
