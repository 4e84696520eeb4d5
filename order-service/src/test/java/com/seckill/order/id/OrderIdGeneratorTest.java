package com.seckill.order.id;

import com.seckill.order.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrderIdGeneratorTest {

    @Test
    void idsAreUniqueAcrossThreadsAndIncreasingWithinEach() throws Exception {
        OrderIdGenerator ids = new OrderIdGenerator(7, Clock.systemUTC());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<List<Long>>> tasks = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            tasks.add(() -> {
                List<Long> mine = new ArrayList<>();
                for (int i = 0; i < 50_000; i++) {
                    mine.add(ids.next());
                }
                return mine;
            });
        }
        Set<Long> all = new HashSet<>();
        for (Future<List<Long>> result : pool.invokeAll(tasks)) {
            List<Long> mine = result.get();
            assertThat(mine).isSorted().doesNotHaveDuplicates();
            all.addAll(mine);
        }
        pool.shutdown();

        assertThat(all).hasSize(400_000).allSatisfy(id -> assertThat(id).isPositive());
    }

    @Test
    void anIdCarriesItsWorkerAndItsMillisecond() {
        Instant now = Instant.parse("2026-11-27T08:00:00.123Z");
        long id = new OrderIdGenerator(1023, Clock.fixed(now, ZoneOffset.UTC)).next();

        assertThat(OrderIdGenerator.workerOf(id)).isEqualTo(1023);
        assertThat(OrderIdGenerator.createdAt(id)).isEqualTo(now);
    }

    @Test
    void twoWorkersNeverCollideInTheSameMillisecond() {
        Clock fixed = Clock.fixed(Instant.parse("2026-11-27T08:00:00Z"), ZoneOffset.UTC);
        OrderIdGenerator a = new OrderIdGenerator(1, fixed);
        OrderIdGenerator b = new OrderIdGenerator(2, fixed);
        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < 4096; i++) {
            ids.add(a.next());
            ids.add(b.next());
        }

        assertThat(ids).hasSize(8192);
    }

    @Test
    void aFullMillisecondWaitsForTheNextOne() {
        long start = Instant.parse("2026-11-27T08:00:00Z").toEpochMilli();
        ManualClock clock = new ManualClock(start);
        OrderIdGenerator ids = new OrderIdGenerator(3, clock);
        for (int i = 0; i < 4096; i++) {
            assertThat(OrderIdGenerator.createdAt(ids.next())).isEqualTo(Instant.ofEpochMilli(start));
        }
        clock.advanceAfterReads(100);

        long overflow = ids.next();

        assertThat(OrderIdGenerator.createdAt(overflow)).as("the 4,097th id of a millisecond belongs to the next one")
                .isEqualTo(Instant.ofEpochMilli(start + 1));
    }

    @Test
    void aClockFarBehindIsRefused() {
        ManualClock clock = new ManualClock(Instant.parse("2026-11-27T08:00:00Z").toEpochMilli());
        OrderIdGenerator ids = new OrderIdGenerator(3, clock);
        ids.next();
        clock.set(clock.millis() - 5_000);

        assertThatThrownBy(ids::next).isInstanceOf(IllegalStateException.class).hasMessageContaining("Clock moved back");
    }

    @Test
    void workerIdComesFromConfigurationOrTheInstanceAddress() {
        assertThat(WorkerId.resolve(42, "10.1.2.3")).isEqualTo(42);
        assertThat(WorkerId.resolve(null, "10.1.2.3")).isEqualTo((2 << 8 | 3) & 1023);
        assertThat(WorkerId.resolve(null, "10.1.6.3")).as("low 10 bits of the address").isEqualTo((6 << 8 | 3) & 1023);
        assertThatThrownBy(() -> new OrderIdGenerator(1024, Clock.systemUTC())).isInstanceOf(IllegalArgumentException.class);
    }
}
