package com.seckill.inventory.recovery;

import com.seckill.events.order.OrderPlacedEvent;
import com.seckill.inventory.WithStockLedger;
import com.seckill.inventory.reservation.ReservationBatch;
import com.seckill.inventory.reservation.ReservationRequest;
import com.seckill.inventory.reservation.ReservationResult;
import com.seckill.inventory.reservation.ReservationResult.Status;
import com.seckill.inventory.reservation.StockReservations;
import com.seckill.inventory.stock.StockKeys;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis loses everything of a sale in the middle of it (here: this test's activity's keys, never anybody
 * else's on the shared Redis), and nobody calls the rebuild: the first reservation that finds the
 * counter missing is refused (NOT_LOADED, order-service's 503) and sets the recovery going, which waits
 * out its grace and the stock ledger, rebuilds from MySQL, and the sale goes on, with each buyer's
 * Idempotency-Key still answering the order it placed before the loss.
 */
class LostRedisRecoveryIT extends WithStockLedger {

    private static final Duration GRACE = Duration.ofSeconds(5);

    @Autowired
    StockReservations reservations;

    @Autowired
    MeterRegistry meters;

    @Test
    void aSaleThatLostRedisIsRefusedThenRebuiltByItselfAndEveryKeyStillAnswersItsOrder() throws Exception {
        long id = newActivityId();
        assertThat(api().load(id, 20).statusCode()).isEqualTo(200);
        // six buyers, a limit of two: each takes one unit with a key of their own
        List<OrderPlacedEvent> orders = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            OrderPlacedEvent order = new OrderPlacedEvent(newOrderId(), "buyer-" + i, id, 77, 1, 100, Instant.now(), 1, null, "key:" + i);
            ReservationResult reserved = reservations.reserve(id,
                    new ReservationRequest(Long.toString(order.orderId()), order.userId(), 1, 2, order.idempotencyKey()));
            assertThat(reserved.status()).isEqualTo(Status.OK);
            orders.add(order);
        }
        publish(orders);
        await().atMost(Duration.ofSeconds(60)).until(() -> record(id).get("locked").equals(6));
        double rebuiltBefore = recoveries("rebuilt");

        deleteLiveStock(id);
        long lostAt = System.nanoTime();

        // refused, nothing reserved, and nothing rebuilt before the grace is over (not by the admin either)
        ReservationResult refused = reservations.reserve(id, new ReservationRequest(Long.toString(newOrderId()), "late", 1, 2, "late-key"));
        assertThat(refused.status()).isEqualTo(Status.NOT_LOADED);
        assertThat(api().rebuild(id).statusCode()).isEqualTo(503);
        assertThat(redis.hasKey(StockKeys.remaining(id))).isFalse();
        assertThat(redis.hasKey(StockKeys.bought(id))).as("a refusal reserves nothing").isFalse();
        // which order a key placed cannot be told now (the record of keys went with the rest): not "none"
        OrderPlacedEvent first = orders.get(0);
        ReservationBatch.Replay lookUp = new ReservationBatch.Replay(id, first.userId(), first.idempotencyKey());
        StockReservations.Decided unknown = reservations.reserve(id, List.of(), List.of(), List.of(lookUp));
        assertThat(unknown.replayUnknown()).containsExactly(true);
        assertThat(unknown.replayed()).containsExactly((String) null);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> redis.hasKey(StockKeys.remaining(id)));
        Duration refusedFor = Duration.ofNanos(System.nanoTime() - lostAt);

        assertThat(refusedFor).as("the grace is waited out").isGreaterThanOrEqualTo(GRACE);
        assertThat(redis.opsForValue().get(StockKeys.remaining(id))).isEqualTo("14");
        assertThat(recoveries("rebuilt")).isEqualTo(rebuiltBefore + 1);
        StockReservations.Decided known = reservations.reserve(id, List.of(), List.of(), List.of(lookUp));
        assertThat(known.replayUnknown()).containsExactly(false);
        assertThat(known.replayed()).containsExactly(Long.toString(first.orderId()));
        // a retry with a key from before the loss is answered its order: not refused as over the limit, and
        // (the limit being two) not sold a second unit either
        ReservationResult retried = reservations.reserve(id,
                new ReservationRequest(Long.toString(newOrderId()), first.userId(), 1, 2, first.idempotencyKey()));
        assertThat(retried.status()).isEqualTo(Status.DUPLICATE);
        assertThat(retried.orderId()).isEqualTo(Long.toString(first.orderId()));
        assertThat(redis.opsForHash().get(StockKeys.reservations(id), Long.toString(first.orderId())))
                .isEqualTo(first.userId() + ":1:" + first.idempotencyKey());
        // the limit still counts the unit each buyer held before the loss
        assertThat(reservations.reserve(id, new ReservationRequest(Long.toString(newOrderId()), "buyer-1", 1, 2, "another")).status())
                .isEqualTo(Status.OK);
        assertThat(reservations.reserve(id, new ReservationRequest(Long.toString(newOrderId()), "buyer-1", 1, 2, "a third")).status())
                .isEqualTo(Status.ALREADY_PURCHASED);
        assertThat(redis.opsForValue().get(StockKeys.remaining(id))).isEqualTo("13");
        assertThat(api().stock(id).get("consistent").asBoolean()).isTrue();
    }

    @Test
    void anActivityThatWasNeverLoadedIsNotRecovered() {
        long id = newActivityId();
        assertThat(reservations.reserve(id, new ReservationRequest(Long.toString(newOrderId()), "u", 1, 1, null)).status())
                .isEqualTo(Status.NOT_LOADED);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> !redis.hasKey(StockKeys.remaining(id)));
    }

    private double recoveries(String result) {
        var counter = meters.find("seckill.stock.recoveries").tag("result", result).counter();
        return counter == null ? 0 : counter.count();
    }
}
