package com.seckill.inventory.audit;

import com.seckill.common.error.SeckillException;
import com.seckill.inventory.stock.StockRecordRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every {@code seckill.stock.reconcile-interval}, runs the admin's stock check on every activity whose
 * record exists and whose counter is in Redis, and reports a drift: gauge {@code seckill.stock.drift}
 * (remaining − available once drained, 0 when they agree) and a WARN with the numbers.
 *
 * <p>It never repairs anything. While a sale runs the two sides are only comparable once drained, and
 * writing the counter from the record at that moment races the next reservation and the next ledger
 * batch: units would be given back that an order is about to take, i.e. oversold. A drift is the
 * operator's to look at (and, with Redis lost, the rebuild's to repair, which waits for the ledger).
 */
@Component
class StockReconciliation {

    private static final Logger log = LoggerFactory.getLogger(StockReconciliation.class);

    enum Result { CONSISTENT, DRIFT, NOT_DRAINED, NO_COUNTER }

    /** Order ids named in one WARN: enough to look a few up, not a log line per unit of a stuck sale. */
    private static final int UNDECIDED_IDS_LOGGED = 20;

    private final StockRecordRepository records;
    private final StockAudit audit;
    private final UndecidedReservations outbox;
    private final MeterRegistry meters;
    // strong references: a gauge only holds its value weakly
    private final Map<Long, AtomicLong> drift = new ConcurrentHashMap<>();
    private final Map<Long, AtomicLong> undecided = new ConcurrentHashMap<>();

    StockReconciliation(StockRecordRepository records, StockAudit audit, UndecidedReservations outbox, MeterRegistry meters) {
        this.records = records;
        this.audit = audit;
        this.outbox = outbox;
        this.meters = meters;
    }

    @Scheduled(fixedDelayString = "${seckill.stock.reconcile-interval}", initialDelayString = "${seckill.stock.reconcile-interval}")
    void reconcileAll() {
        for (long activityId : records.activityIds()) {
            try {
                reconcile(activityId);
            } catch (RuntimeException e) {
                // one activity's trouble (Redis or MySQL for a moment) must not stop the others' check
                log.warn("Could not reconcile the stock of activity {}", activityId, e);
            }
        }
    }

    Result reconcile(long activityId) {
        StockReport report;
        try {
            report = audit.report(activityId);
        } catch (SeckillException e) {
            return Result.NO_COUNTER; // the record went away meanwhile
        }
        reportUndecided(activityId, report.undecided());
        if (report.remaining() == null) {
            // nothing live to compare (never loaded here, or lost: then the rebuild is what helps)
            return Result.NO_COUNTER;
        }
        if (!report.drained()) {
            // orders on their way: remaining and available differ by them, not comparable yet; the
            // gauge keeps its last verdict
            count(Result.NOT_DRAINED);
            return Result.NOT_DRAINED;
        }
        if (report.consistent()) {
            gauge(activityId).set(0);
            count(Result.CONSISTENT);
            return Result.CONSISTENT;
        }
        long difference = report.drift();
        gauge(activityId).set(difference);
        count(Result.DRIFT);
        log.warn("Stock drift in activity {}: Redis has {} units left, the record {} available ({} {}); total {}, created {}, paid {}, "
                        + "cancelled {}. Not repaired automatically", activityId, report.remaining(), report.remaining() - difference,
                Math.abs(difference), difference > 0 ? "more in Redis: could oversell" : "fewer in Redis: would undersell",
                report.totalStock(), report.created(), report.paid(), report.cancelled());
        return Result.DRIFT;
    }

    /**
     * A reservation whose order message is still in the outbox after the settle window is one the system did
     * not settle by itself: every order-service's sweep publishes such entries within seconds, so none is
     * running, or none can reach the broker. Its units stay pending (the activity never drains) until one
     * does. Reported every round while it lasts: gauge {@code seckill.stock.undecided} and a WARN naming them.
     */
    private void reportUndecided(long activityId, StockReport.Undecided stuck) {
        AtomicLong gauge = undecided.computeIfAbsent(activityId,
                id -> meters.gauge("seckill.stock.undecided", Tags.of("activity", Long.toString(id)), new AtomicLong()));
        gauge.set(stuck.count());
        if (stuck.count() == 0) {
            return;
        }
        List<String> orderIds = outbox.undecidedOrderIds(activityId, audit.undecidedAfter(), UNDECIDED_IDS_LOGGED);
        log.warn("Activity {}: {} reservation(s) undecided for over {} s (the oldest {} s): their order message was never "
                        + "confirmed sent nor published by an outbox sweep; is an order-service running and reaching the broker? "
                        + "Orders {}{}", activityId, stuck.count(), audit.undecidedAfter().toSeconds(),
                stuck.oldestAgeMs() == null ? "?" : stuck.oldestAgeMs() / 1000, orderIds,
                stuck.count() > orderIds.size() ? " and " + (stuck.count() - orderIds.size()) + " more" : "");
    }

    private AtomicLong gauge(long activityId) {
        return drift.computeIfAbsent(activityId,
                id -> meters.gauge("seckill.stock.drift", Tags.of("activity", Long.toString(id)), new AtomicLong()));
    }

    private void count(Result result) {
        meters.counter("seckill.stock.reconciliations", "result", result.name().toLowerCase(Locale.ROOT)).increment();
    }
}
