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
    void aWorkerIdOutsideTenBitsIsRefused() {
        assertThatThrownBy(() -> new OrderIdGenerator(1024, Clock.systemUTC())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OrderIdGenerator(-1, Clock.systemUTC())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void noIdIsMadeForAMillisecondWithoutAWorkerId() {
        long start = Instant.parse("2026-11-27T08:00:00Z").toEpochMilli();
        ManualClock clock = new ManualClock(start);
        OrderIdGenerator ids = new OrderIdGenerator(millis -> millis < start + 10 ? 5 : WorkerIdSource.NONE, clock);
        long before = ids.next();
        clock.advance(10);

        assertThatThrownBy(ids::next).isInstanceOf(WorkerIdUnavailable.class);
        assertThat(ids.workerIdNow()).isEqualTo(WorkerIdSource.NONE);
        assertThat(OrderIdGenerator.workerOf(before)).isEqualTo(5);
    }

    @Test
    void eachIdCarriesTheWorkerIdHeldAtItsOwnMillisecond() {
        long start = Instant.parse("2026-11-27T08:00:00Z").toEpochMilli();
        ManualClock clock = new ManualClock(start);
        // the lease on 3 ran out, 9 was taken from start + 5 on
        OrderIdGenerator ids = new OrderIdGenerator(millis -> millis < start + 5 ? 3 : 9, clock);
        long first = ids.next();
        long second = ids.next();
        clock.advance(5);
        long third = ids.next();

        assertThat(List.of(first, second, third)).doesNotHaveDuplicates().isSorted();
        assertThat(OrderIdGenerator.workerOf(first)).isEqualTo(3);
        assertThat(OrderIdGenerator.workerOf(second)).isEqualTo(3);
        assertThat(OrderIdGenerator.workerOf(third)).isEqualTo(9);
    }

    @Test
    void anIdThatSpillsIntoTheNextMillisecondNeedsTheWorkerIdThere() {
        long start = Instant.parse("2026-11-27T08:00:00Z").toEpochMilli();
        ManualClock clock = new ManualClock(start);
        // the lease ends with this millisecond
        OrderIdGenerator ids = new OrderIdGenerator(millis -> millis <= start ? 4 : WorkerIdSource.NONE, clock);
        for (int i = 0; i < 4096; i++) {
            ids.next();
        }
        clock.advanceAfterReads(100);

        assertThatThrownBy(ids::next).as("the 4,097th id would be stamped after the lease").isInstanceOf(WorkerIdUnavailable.class);
    }

    @Test
    void aRefusedIdUsesUpNothing() {
        long start = Instant.parse("2026-11-27T08:00:00Z").toEpochMilli();
        ManualClock clock = new ManualClock(start);
        boolean[] held = {true};
        OrderIdGenerator ids = new OrderIdGenerator(millis -> held[0] ? 6 : WorkerIdSource.NONE, clock);
        long first = ids.next();
        held[0] = false;
        assertThatThrownBy(ids::next).isInstanceOf(WorkerIdUnavailable.class);
        held[0] = true;

        long next = ids.next();

        assertThat(next).as("the next sequence number of the same millisecond").isEqualTo(first + 1);
    }
}
