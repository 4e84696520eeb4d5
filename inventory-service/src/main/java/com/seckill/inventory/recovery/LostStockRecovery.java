package com.seckill.inventory.recovery;

import com.seckill.common.error.ErrorCode;
import com.seckill.common.error.SeckillException;
import com.seckill.inventory.stock.StockKeys;
import com.seckill.inventory.stock.StockRecordRepository;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Gets a sale going again, without an operator, after Redis lost its live stock (a restart without
 * persistence, a failover that lost recent writes, a flush). Noticed when a reservation, the load or the
 * admin finds the counter of an activity with a stock record missing; from then on reservations answer
 * NOT_LOADED (order-service: 503, nothing reserved) until the stock is rebuilt from MySQL
 * ({@link StockRebuild}), which this tries in the background until it succeeds.
 *
 * <p>Not before {@code recovery-grace} has passed since it was noticed: a reservation made just before
 * the loss has its order message sent right after (order-service's send time-out is 3 s); only once it is
 * with the broker does the stock ledger's lag count it, and a rebuild that missed it would sell its units
 * a second time. Every path to a rebuild (this one, the load's, the admin's) waits that long.
 */
@Service
@EnableConfigurationProperties(StockRecoveryProperties.class)
public class LostStockRecovery implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(LostStockRecovery.class);

    private final StockRebuild rebuild;
    private final StockRecordRepository records;
    private final StringRedisTemplate redis;
    private final MeterRegistry meters;
    private final Clock clock;
    private final StockRecoveryProperties properties;
    /** Activities whose counter is missing, and when this instance first noticed. */
    private final Map<Long, Instant> missingSince = new ConcurrentHashMap<>();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "stock-recovery");
        thread.setDaemon(true);
        return thread;
    });

    LostStockRecovery(StockRebuild rebuild, StockRecordRepository records, StringRedisTemplate redis, MeterRegistry meters, Clock clock,
                      StockRecoveryProperties properties) {
        this.rebuild = rebuild;
        this.records = records;
        this.redis = redis;
        this.meters = meters;
        this.clock = clock;
        this.properties = properties;
        meters.gauge("seckill.stock.recovering", missingSince, Map::size);
    }

    /**
     * A reservation found no counter: if the activity has a stock record, Redis lost it; its rebuild starts
     * in the background (once per activity, however many buyers notice). Cheap: no I/O on the caller's thread.
     */
    public void counterMissing(long activityId) {
        Instant now = clock.instant();
        if (missingSince.putIfAbsent(activityId, now) == null) {
            retries.execute(() -> start(activityId, now));
        }
    }

    /**
     * The load's and the admin's rebuild: at once if the counter is there (nothing to do) or the grace is
     * over; otherwise 503, and the background recovery goes on.
     *
     * @throws SeckillException {@code SERVICE_UNAVAILABLE} within the grace or while the ledger is behind;
     *                          {@code NOT_FOUND} without a stock record
     */
    public StockRebuildResult rebuildWhenSafe(long activityId) {
        if (records.find(activityId).isEmpty()) {
            throw SeckillException.notFound("Stock of activity", activityId);
        }
        if (Boolean.TRUE.equals(redis.hasKey(StockKeys.remaining(activityId)))) {
            return rebuild.rebuild(activityId);
        }
        counterMissing(activityId);
        Instant safeAt = missingSince.getOrDefault(activityId, Instant.MIN).plus(properties.grace());
        if (clock.instant().isBefore(safeAt)) {
            throw new SeckillException(ErrorCode.SERVICE_UNAVAILABLE, "The stock of activity " + activityId
                    + " is being recovered: orders placed just before Redis lost it may still be on their way to the broker");
        }
        StockRebuildResult result = rebuild.rebuild(activityId);
        recovered(activityId);
        return result;
    }

    private void start(long activityId, Instant noticedAt) {
        try {
            if (records.find(activityId).isEmpty()) {
                // never loaded (the load has not run yet): nothing was lost
                missingSince.remove(activityId);
                return;
            }
        } catch (RuntimeException e) {
            log.warn("Activity {} has no stock counter in Redis; cannot read its record yet, trying again", activityId, e);
        }
        meters.counter("seckill.stock.recoveries", "result", "started").increment();
        log.error("Redis lost the live stock of activity {}: its orders are refused (503, nothing reserved) until it is rebuilt "
                + "from MySQL, not before {} and once the stock ledger has recorded every order on its way", activityId, noticedAt.plus(properties.grace()));
        retries.schedule(() -> attempt(activityId, properties.retryEvery()), properties.grace().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void attempt(long activityId, Duration backoff) {
        Instant noticedAt = missingSince.get(activityId);
        if (noticedAt == null) {
            return;
        }
        try {
            StockRebuildResult result = rebuild.rebuild(activityId);
            recovered(activityId);
            if (result.rebuilt()) {
                log.warn("Activity {} is on sale again: its live stock was rebuilt from MySQL {} ms after Redis was found to have lost it",
                        activityId, Duration.between(noticedAt, clock.instant()).toMillis());
            }
        } catch (SeckillException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                missingSince.remove(activityId);
                return;
            }
            retry(activityId, backoff);
        } catch (RuntimeException e) {
            // Redis or MySQL not answering yet
            log.warn("Rebuilding the live stock of activity {} failed, trying again in {} ms: {}", activityId, backoff.toMillis(), e.toString());
            retry(activityId, backoff);
        }
    }

    private void retry(long activityId, Duration backoff) {
        Duration next = backoff.multipliedBy(2).compareTo(properties.retryAtMost()) > 0 ? properties.retryAtMost() : backoff.multipliedBy(2);
        retries.schedule(() -> attempt(activityId, next), backoff.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void recovered(long activityId) {
        if (missingSince.remove(activityId) != null) {
            meters.counter("seckill.stock.recoveries", "result", "rebuilt").increment();
        }
    }

    @Override
    public void destroy() {
        retries.shutdownNow();
    }
}
