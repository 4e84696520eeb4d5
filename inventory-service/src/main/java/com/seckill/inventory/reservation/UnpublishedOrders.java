package com.seckill.inventory.reservation;

import com.seckill.inventory.stock.StockKeys;
import com.seckill.inventory.stock.StockRecordRepository;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations;
import org.springframework.stereotype.Service;

import java.nio.charset.StandardCharsets;
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

    /**
     * The oldest first per activity, at most {@code limit} in all, every activity with a stock record looked
     * at: one pipelined round trip for all of them (an empty sorted set costs Redis next to nothing), then
     * one read of the kept messages per activity that has entries.
     */
    List<UnpublishedOrder> olderThan(Duration age, int limit) {
        double before = clock.millis() - age.toMillis();
        List<Long> activityIds = records.activityIds();
        List<Object> aged = redis.executePipelined((RedisCallback<Object>) connection -> {
            for (long activityId : activityIds) {
                connection.zSetCommands().zRangeByScoreWithScores(bytes(StockKeys.unpublishedSince(activityId)),
                        Range.closed(Double.NEGATIVE_INFINITY, before), Limit.limit().count(limit));
            }
            return null;
        });
        List<UnpublishedOrder> found = new ArrayList<>();
        for (int i = 0; i < activityIds.size() && found.size() < limit; i++) {
            @SuppressWarnings("unchecked")
            Set<ZSetOperations.TypedTuple<String>> old = (Set<ZSetOperations.TypedTuple<String>>) aged.get(i);
            if (old == null || old.isEmpty()) {
                continue;
            }
            long activityId = activityIds.get(i);
            List<ZSetOperations.TypedTuple<String>> entries = old.stream().limit(limit - found.size()).toList();
            List<Object> messages = redis.opsForHash().multiGet(StockKeys.unpublished(activityId),
                    entries.stream().map(ZSetOperations.TypedTuple::getValue).map(Object.class::cast).toList());
            for (int j = 0; j < entries.size(); j++) {
                // confirmed between the two reads: nothing owed any more
                if (messages.get(j) != null) {
                    found.add(new UnpublishedOrder(activityId, entries.get(j).getValue(), (String) messages.get(j),
                            entries.get(j).getScore().longValue()));
                }
            }
        }
        return found;
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
