package com.seckill.inventory.recovery;

import com.seckill.common.error.ErrorCode;
import com.seckill.common.error.SeckillException;
import com.seckill.inventory.stock.LuaScripts;
import com.seckill.inventory.stock.StockKeys;
import com.seckill.inventory.stock.StockRecordRepository;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Puts back an activity's live stock after Redis lost it: the counter at the record's available units,
 * the reserved total at its locked + sold, each buyer's units and each held order's reservation from
 * the movements ({@code scripts/rebuild.lua}, one atomic step, only while the counter is absent).
 *
 * <p>Only once the stock ledger has caught up: an order committed but not yet recorded still has its
 * units in the record's available, and a counter seeded from it would sell them twice. Until then the
 * counter stays absent, so reservations answer NOT_LOADED (order-service answers 503): refusing buyers
 * for a moment is better than overselling. Outbox entries (reservations whose message was not sent yet)
 * are lost with the rest: their buyers never heard 202, and the message of one whose send was under way
 * reaches the broker within order-service's send time-out, which {@link LostStockRecovery}'s grace waits out.
 *
 * <p>Called through {@link LostStockRecovery} (by itself, by the load and by the admin).
 */
@Service
class StockRebuild {

    private static final Logger log = LoggerFactory.getLogger(StockRebuild.class);
    private static final RedisScript<Long> REBUILD = LuaScripts.load("scripts/rebuild.lua", Long.class);

    private final StockRecordRepository records;
    private final StockSnapshotRepository snapshots;
    private final LedgerProgress ledger;
    private final StringRedisTemplate redis;
    private final MeterRegistry meters;
    private final Duration ledgerWait;

    StockRebuild(StockRecordRepository records, StockSnapshotRepository snapshots, LedgerProgress ledger, StringRedisTemplate redis,
                 MeterRegistry meters, @Value("${seckill.stock.rebuild-ledger-wait}") Duration ledgerWait) {
        this.records = records;
        this.snapshots = snapshots;
        this.ledger = ledger;
        this.redis = redis;
        this.meters = meters;
        this.ledgerWait = ledgerWait;
    }

    /**
     * Rebuilds the activity's live stock if Redis lost its counter; a counter that is there is left as it is.
     *
     * @throws SeckillException {@code NOT_FOUND} without a stock record; {@code SERVICE_UNAVAILABLE} while
     *                          the ledger has not recorded every committed order (the counter stays absent)
     */
    StockRebuildResult rebuild(long activityId) {
        if (records.find(activityId).isEmpty()) {
            throw SeckillException.notFound("Stock of activity", activityId);
        }
        if (Boolean.TRUE.equals(redis.hasKey(StockKeys.remaining(activityId)))) {
            return kept(activityId);
        }
        if (!ledger.caughtUp(ledgerWait)) {
            count("ledger_behind");
            log.warn("Activity {} lost its stock counter; not rebuilt yet: the stock ledger has not recorded every committed order",
                    activityId);
            throw new SeckillException(ErrorCode.SERVICE_UNAVAILABLE, "The stock of activity " + activityId
                    + " is being recovered: orders are still on their way to the stock record");
        }
        // Read after the ledger check: the record now holds every order committed before it.
        StockSnapshot stock = snapshots.read(activityId).orElseThrow(() -> SeckillException.notFound("Stock of activity", activityId));
        StockRecordRepository.StockRecord record = stock.record();
        int reservedUnits = record.locked() + record.sold();
        if (stock.heldUnits() != reservedUnits) {
            // e.g. units moved before movements were recorded: the counts win (they are what the counter
            // must add up with); the per-order reservations are as complete as the movements are
            log.warn("Activity {}: held orders add up to {} units but the record's locked + sold is {}", activityId,
                    stock.heldUnits(), reservedUnits);
        }
        Map<String, Integer> bought = stock.bought();
        List<String> args = new ArrayList<>();
        args.add(Integer.toString(record.available()));
        args.add(Integer.toString(reservedUnits));
        args.add(Integer.toString(bought.size()));
        args.add(Integer.toString(stock.held().size()));
        bought.forEach((user, units) -> {
            args.add(user);
            args.add(Integer.toString(units));
        });
        stock.held().forEach(order -> {
            args.add(Long.toString(order.orderId()));
            args.add(order.reservation());
            args.add(order.idempotencyField());
        });
        stock.returned().forEach(orderId -> args.add(Long.toString(orderId)));
        List<String> keys = List.of(StockKeys.remaining(activityId), StockKeys.bought(activityId), StockKeys.reservations(activityId),
                StockKeys.released(activityId), StockKeys.reservedUnits(activityId), StockKeys.idempotency(activityId));
        Long rebuilt = redis.execute(REBUILD, keys, args.toArray());
        if (rebuilt == null || rebuilt != 1L) {
            return kept(activityId);
        }
        count("rebuilt");
        log.warn("Rebuilt the live stock of activity {} from its record: {} units remaining, {} held by {} orders of {} known buyers",
                activityId, record.available(), reservedUnits, stock.held().size(), bought.size());
        return new StockRebuildResult(Long.toString(activityId), true, (long) record.available(), (long) reservedUnits, bought.size(),
                stock.held().size());
    }

    private StockRebuildResult kept(long activityId) {
        count("kept");
        List<String> live = redis.opsForValue().multiGet(List.of(StockKeys.remaining(activityId), StockKeys.reservedUnits(activityId)));
        return new StockRebuildResult(Long.toString(activityId), false, number(live, 0), number(live, 1), null, null);
    }

    private static Long number(List<String> values, int index) {
        return values == null || values.get(index) == null ? null : Long.valueOf(values.get(index));
    }

    private void count(String result) {
        meters.counter("seckill.stock.rebuilds", "result", result).increment();
    }
}
