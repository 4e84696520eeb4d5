package com.seckill.inventory.audit;

import com.seckill.inventory.WithStockLedger;
import com.seckill.inventory.reservation.ReservationRequest;
import com.seckill.inventory.reservation.StockReservations;
import com.seckill.inventory.stock.StockKeys;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scheduled reconciliation on the real Redis and MySQL: a drained activity whose counter no longer
 * matches its record is reported (gauge, counter, WARN), and nothing is repaired; a reservation left
 * undecided past the settle window is named.
 */
@ExtendWith(OutputCaptureExtension.class)
class StockReconciliationIT extends WithStockLedger {

    @Autowired
    StockReconciliation reconciliation;

    @Autowired
    StockReservations reservations;

    @Autowired
    MeterRegistry meters;

    @Test
    void aConsistentActivityHasNoDrift() throws Exception {
        long id = loadedActivity(10);
        double before = reconciliations("consistent");

        assertThat(reconciliation.reconcile(id)).isEqualTo(StockReconciliation.Result.CONSISTENT);

        assertThat(drift(id)).isZero();
        // >=: the scheduled run may have counted it too
        assertThat(reconciliations("consistent")).isGreaterThanOrEqualTo(before + 1);
    }

    @Test
    void aCounterChangedBehindTheRecordsBackIsReportedAndLeftAlone() throws Exception {
        long id = loadedActivity(10);
        reconciliation.reconcile(id);
        double before = reconciliations("drift");

        redis.opsForValue().increment(StockKeys.remaining(id));

        assertThat(reconciliation.reconcile(id)).isEqualTo(StockReconciliation.Result.DRIFT);
        assertThat(drift(id)).as("one unit more in Redis than the record has available").isEqualTo(1);
        assertThat(reconciliations("drift")).isGreaterThanOrEqualTo(before + 1);
        assertThat(redis.opsForValue().get(StockKeys.remaining(id))).as("not repaired").isEqualTo("11");
    }

    @Test
    void anActivityWithOrdersOnTheirWayIsNotJudged() throws Exception {
        long id = loadedActivity(10);
        reservations.reserve(id, new ReservationRequest(Long.toString(newOrderId()), "u1", 1, 1, null));
        double before = reconciliations("not_drained");

        assertThat(reconciliation.reconcile(id)).isEqualTo(StockReconciliation.Result.NOT_DRAINED);

        assertThat(reconciliations("not_drained")).isGreaterThanOrEqualTo(before + 1);
    }

    @Test
    void aReservationUndecidedPastTheSettleWindowIsReportedByNameUntilItIsDecided(CapturedOutput output) throws Exception {
        long id = loadedActivity(10);
        String stuck = Long.toString(newOrderId());
        reservations.reserve(id, new ReservationRequest(stuck, "u1", 1, 1, "k", "{\"orderId\":" + stuck + "}"));
        reconciliation.reconcile(id);
        assertThat(undecided(id)).as("within the window").isZero();

        // reserved 45 s ago by an order-service that died before sending, and no sweep has run since
        redis.opsForZSet().add(StockKeys.unpublishedSince(id), stuck, System.currentTimeMillis() - 45_000);

        assertThat(reconciliation.reconcile(id)).isEqualTo(StockReconciliation.Result.NOT_DRAINED);
        assertThat(undecided(id)).isEqualTo(1);
        assertThat(output.getOut()).contains("WARN").contains("Activity " + id + ": 1 reservation(s) undecided")
                .contains("Orders [" + stuck + "]");

        reservations.reserve(id, List.of(), List.of(stuck), List.of()); // a sweep published and confirmed it
        reconciliation.reconcile(id);
        assertThat(undecided(id)).isZero();
    }

    @Test
    void theScheduledRunCoversEveryActivityWithACounter() throws Exception {
        long id = loadedActivity(10);
        redis.opsForValue().decrement(StockKeys.remaining(id), 2);

        reconciliation.reconcileAll();

        assertThat(drift(id)).as("two units fewer in Redis").isEqualTo(-2);
    }

    private long loadedActivity(int units) throws Exception {
        long id = newActivityId();
        assertThat(api().load(id, units).statusCode()).isEqualTo(200);
        return id;
    }

    private double drift(long id) {
        Gauge gauge = meters.find("seckill.stock.drift").tag("activity", Long.toString(id)).gauge();
        assertThat(gauge).isNotNull();
        return gauge.value();
    }

    private double undecided(long id) {
        Gauge gauge = meters.find("seckill.stock.undecided").tag("activity", Long.toString(id)).gauge();
        assertThat(gauge).isNotNull();
        return gauge.value();
    }

    private double reconciliations(String result) {
        return meters.counter("seckill.stock.reconciliations", "result", result).count();
    }
}
