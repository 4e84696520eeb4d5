package com.seckill.inventory.reservation;

import com.seckill.inventory.reservation.ReservationResult.Status;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many buyers reserving at once: a pool of platform threads, all released together by a start gate.
 * Public: the rebuild's test races the buyers of a rebuilt sale.
 */
public final class ReservationRace {

    private ReservationRace() {
    }

    /** The outcomes of {@code buyers} reservations, {@code request.apply(i)} for buyer i, by status. */
    public static Map<Status, Long> race(StockReservations reservations, long id, int buyers, IntFunction<ReservationRequest> request)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(buyers, 200));
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<ReservationResult>> results = new ArrayList<>();
            for (int i = 0; i < buyers; i++) {
                ReservationRequest r = request.apply(i);
                results.add(pool.submit(() -> {
                    start.await();
                    return reservations.reserve(id, r);
                }));
            }
            start.countDown();
            Map<Status, Long> outcomes = new EnumMap<>(Status.class);
            for (Future<ReservationResult> result : results) {
                outcomes.merge(result.get(30, TimeUnit.SECONDS).status(), 1L, Long::sum);
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }
}
