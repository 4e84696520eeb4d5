package com.seckill.inventory.recovery;

import com.seckill.inventory.stock.StockKeys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;

/**
 * Tells the operator, once and loudly, that Redis lost its data, rather than leaving them to infer it
 * from a run of 503s: a marker key this service writes when it finds it absent and looks for every
 * {@code watch-every}. Gone after this instance saw it, Redis lost everything (restarted without
 * persistence, flushed, failed over to an empty replica). The sales themselves come back one by one as
 * their orders notice their missing counters ({@link LostStockRecovery}); this only reports.
 */
@Component
class RedisDataLossWatch {

    private static final Logger log = LoggerFactory.getLogger(RedisDataLossWatch.class);

    private final StringRedisTemplate redis;
    private final Clock clock;
    private final Counter losses;
    private volatile boolean seen;

    RedisDataLossWatch(StringRedisTemplate redis, Clock clock, MeterRegistry meters) {
        this.redis = redis;
        this.clock = clock;
        this.losses = Counter.builder("seckill.stock.redis.data.lost")
                .description("Times Redis was found without the marker this service had written: it lost its data")
                .register(meters);
    }

    @Scheduled(fixedDelayString = "${seckill.stock.recovery.watch-every}")
    void check() {
        try {
            if (redis.hasKey(StockKeys.dataMarker())) {
                seen = true;
                return;
            }
            redis.opsForValue().setIfAbsent(StockKeys.dataMarker(), Long.toString(clock.millis()));
        } catch (RuntimeException e) {
            // Redis not answering: readiness says so; whether it kept its data is known once it answers
            log.debug("Could not check the Redis data marker: {}", e.toString());
            return;
        }
        if (seen) {
            losses.increment();
            log.error("Redis lost its data (the marker {} this service wrote is gone): every sale's live stock must be rebuilt "
                    + "from MySQL; orders are refused with 503 until each sale's is", StockKeys.dataMarker());
        }
        seen = true;
    }
}
