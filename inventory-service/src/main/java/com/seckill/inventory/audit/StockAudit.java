package com.seckill.inventory.audit;

import com.seckill.common.error.SeckillException;
import com.seckill.inventory.stock.StockKeys;
import com.seckill.inventory.stock.StockRecordRepository;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Service;

import java.time.Duration;
import java.util.List;

/**
 * Compares an activity's live stock in Redis with its record in MySQL: for the admin's stock check and
 * the scheduled reconciliation.
 */
@Service
class StockAudit {

    private final StockRecordRepository records;
    private final StringRedisTemplate redis;
    private final UndecidedReservations outbox;
    private final Duration undecidedAfter;

    StockAudit(StockRecordRepository records, StringRedisTemplate redis, UndecidedReservations outbox,
               @Value("${seckill.stock.undecided-after}") Duration undecidedAfter) {
        this.records = records;
        this.redis = redis;
        this.outbox = outbox;
        this.undecidedAfter = undecidedAfter;
    }

    /** How old an outbox entry is when it counts as undecided. */
    Duration undecidedAfter() {
        return undecidedAfter;
    }

    StockReport report(long activityId) {
        // Redis first, then MySQL. A cancellation reaches the record first and Redis just after (the
        // ledger releases the reservation once the RETURNED movement is committed): read in this order,
        // one that lands between the two reads shows as still reserved, i.e. pending, never as units
        // released but still locked. An accepted order goes the other way (reservation, then its LOCKED
        // movement), but only after a trip through the broker and the ledger, far longer than the gap
        // between the two reads, so its reservation is seen first here too.
        // One MGET (the keys share the activity's hash tag): the counter and the reserved total as of one
        // instant, which the scripts keep adding up to the loaded stock.
        List<String> live = redis.opsForValue().multiGet(List.of(StockKeys.remaining(activityId), StockKeys.reservedUnits(activityId)));
        StockRecordRepository.StockRecord record = records.find(activityId)
                .orElseThrow(() -> SeckillException.notFound("Stock of activity", activityId));
        Long remaining = live == null || live.get(0) == null ? null : Long.valueOf(live.get(0));
        long reserved = live == null || live.get(1) == null ? 0 : Long.parseLong(live.get(1));
        // Read last: an entry confirmed meanwhile only makes the report say less is stuck, never more.
        StockReport.Undecided undecided = outbox.undecided(activityId, undecidedAfter);
        return StockReport.of(record, remaining, reserved, undecided);
    }
}
