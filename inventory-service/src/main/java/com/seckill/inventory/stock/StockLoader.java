package com.seckill.inventory.stock;

import com.seckill.common.stock.StockKeys;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Service;

import java.util.List;

/**
 * Puts an activity's stock into Redis before its sale, idempotently: the counter is set only if
 * absent (SET NX, in {@code scripts/load.lua} with the reserved total), so a re-publish or a restart of
 * either service never resets units already sold.
 */
@Service
class StockLoader {

    private static final Logger log = LoggerFactory.getLogger(StockLoader.class);
    private static final RedisScript<Long> LOAD = RedisScript.of(new ClassPathResource("scripts/load.lua"), Long.class);

    private final StockRecordRepository records;
    private final StringRedisTemplate redis;
    private final MeterRegistry meters;

    StockLoader(StockRecordRepository records, StringRedisTemplate redis, MeterRegistry meters) {
        this.records = records;
        this.redis = redis;
        this.meters = meters;
    }

    StockState load(long activityId, int totalStock) {
        records.insertIfAbsent(activityId, totalStock);
        StockRecordRepository.StockRecord record = records.find(activityId).orElseThrow();
        if (record.total() != totalStock) {
            // The record was made first and units may be sold against it; a changed total needs an
            // explicit stock adjustment, not a silent overwrite by a re-publish.
            log.warn("Activity {} published with totalStock {} but its stock record says {}; keeping the record",
                    activityId, totalStock, record.total());
        }
        // The record's available units (not the total) seed Redis: if Redis lost its data, the
        // counter comes back at what MySQL knows was not sold yet.
        String key = StockKeys.remaining(activityId);
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
