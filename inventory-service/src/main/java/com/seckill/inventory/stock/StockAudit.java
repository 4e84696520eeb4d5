package com.seckill.inventory.stock;

import com.seckill.common.error.SeckillException;
import com.seckill.common.stock.StockKeys;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Service;

import java.util.List;

/** Compares an activity's live stock in Redis with its record in MySQL. */
@Service
class StockAudit {

    private final StockRecordRepository records;
    private final StringRedisTemplate redis;

    StockAudit(StockRecordRepository records, StringRedisTemplate redis) {
        this.records = records;
        this.redis = redis;
    }

    StockReport report(long activityId) {
        // MySQL first, then Redis: a unit reaches the record only after its reservation, so whatever the
        // record shows is already among the reservations read after it, and a sale in full swing still
        // adds up (the units in between are pending). Read the other way round, an order recorded
        // between the two reads would look like a unit recorded but never reserved.
        StockRecordRepository.StockRecord record = records.find(activityId)
                .orElseThrow(() -> SeckillException.notFound("Stock of activity", activityId));
        // One MGET (the keys share the activity's hash tag): the counter and the reserved total as of one
        // instant, which the scripts keep adding up to the loaded stock.
        List<String> live = redis.opsForValue().multiGet(List.of(StockKeys.remaining(activityId), StockKeys.reservedUnits(activityId)));
        Long remaining = live == null || live.get(0) == null ? null : Long.valueOf(live.get(0));
        long reserved = live == null || live.get(1) == null ? 0 : Long.parseLong(live.get(1));

        int created = record.locked();
        int paid = record.sold();
        // Cancellations are not built yet. When they are, a cancelled order's units leave the record's
        // locked (or sold) for available and its reservation is released in Redis; count them here.
        int cancelled = 0;
        long pending = reserved - created - paid;
        boolean consistent = remaining != null
                && remaining + pending + created + paid == record.total()
                && pending >= 0
                && (pending != 0 || remaining == record.available());
        return new StockReport(Long.toString(activityId), record.total(), remaining, pending, created, paid, cancelled,
                consistent, pending == 0);
    }
}
