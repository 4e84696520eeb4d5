package com.seckill.inventory.loading;

import com.seckill.inventory.recovery.LostStockRecovery;
import com.seckill.inventory.recovery.StockRebuildResult;
import com.seckill.inventory.stock.LuaScripts;
import com.seckill.inventory.stock.StockKeys;
import com.seckill.inventory.stock.StockRecordRepository;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Service;

import java.util.List;

/**
 * Puts an activity's stock into Redis before its sale, idempotently: the counter is set only if
 * absent (SET NX, in {@code scripts/load.lua} with the reserved total), so a re-publish or a restart of
 * either service never resets units already sold. A counter missing for a record that existed before
 * (Redis lost it) is not seeded here but rebuilt ({@link LostStockRecovery}), and only once the stock ledger
 * has caught up.
 */
@Service
class StockLoader {

    private static final Logger log = LoggerFactory.getLogger(StockLoader.class);
    private static final RedisScript<Long> LOAD = LuaScripts.load("scripts/load.lua", Long.class);

    private final StockRecordRepository records;
    private final LostStockRecovery recovery;
    private final StringRedisTemplate redis;
    private final MeterRegistry meters;

    StockLoader(StockRecordRepository records, LostStockRecovery recovery, StringRedisTemplate redis, MeterRegistry meters) {
        this.records = records;
        this.recovery = recovery;
        this.redis = redis;
        this.meters = meters;
    }

    /**
     * @throws com.seckill.common.error.SeckillException {@code SERVICE_UNAVAILABLE} when Redis lost the
     *         counter and the ledger has not caught up: the counter stays absent, the caller tries again later
     */
    StockState load(long activityId, int totalStock) {
        boolean newRecord = records.insertIfAbsent(activityId, totalStock);
        StockRecordRepository.StockRecord record = records.find(activityId).orElseThrow();
        if (record.total() != totalStock) {
            // The record was made first and units may be sold against it; a changed total needs an
            // explicit stock adjustment, not a silent overwrite by a re-publish.
            log.warn("Activity {} published with totalStock {} but its stock record says {}; keeping the record",
                    activityId, totalStock, record.total());
        }
        String key = StockKeys.remaining(activityId);
        if (!newRecord) {
            String counter = redis.opsForValue().get(key);
            if (counter != null) {
                meters.counter("seckill.stock.loads", "result", "kept").increment();
                return new StockState(Long.toString(activityId), record.total(), Long.parseLong(counter), false);
            }
            // The record was there, the counter is not: Redis lost it (or its first seeding failed).
            // Orders accepted against the lost counter may still be on their way to the record, so
            // seeding it with available now could sell their units twice: rebuild it once the ledger
            // has caught up (a 503 until then, and product-service's warm-up asks again; the recovery
            // also goes on by itself).
            try {
                StockRebuildResult rebuilt = recovery.rebuildWhenSafe(activityId);
                meters.counter("seckill.stock.loads", "result", rebuilt.rebuilt() ? "rebuilt" : "kept").increment();
                return new StockState(Long.toString(activityId), record.total(), rebuilt.remaining(), rebuilt.rebuilt());
            } catch (RuntimeException e) {
                meters.counter("seckill.stock.loads", "result", "not_rebuilt").increment();
                throw e;
            }
        }
        // A record made just now: nothing was ever reserved against it (no counter, no reservation), so
        // its available units (all of them) seed the counter at once.
        Long seeded = redis.execute(LOAD, List.of(key, StockKeys.reservedUnits(activityId)),
                Integer.toString(record.available()), Integer.toString(record.locked() + record.sold()));
        boolean loaded = seeded != null && seeded == 1L;
        long remaining = Long.parseLong(redis.opsForValue().get(key));
        meters.counter("seckill.stock.loads", "result", loaded ? "loaded" : "kept").increment();
        if (loaded) {
            log.info("Loaded stock of activity {} into Redis: {} units", activityId, record.available());
        }
        return new StockState(Long.toString(activityId), record.total(), remaining, loaded);
    }
}
