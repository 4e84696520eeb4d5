package com.seckill.order.purchase;

import static org.assertj.core.api.Assertions.assertThat;

import com.seckill.order.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SoldOutFlagsTest {

    private static final long SALE = 7;

    private final ManualClock clock = new ManualClock(1_800_000_000_000L);
    private final SoldOutFlags flags = new SoldOutFlags(clock,
            new PurchaseProperties("0123456789abcdef0123456789abcdef", Duration.ofMinutes(2), Duration.ofSeconds(2),
                    Duration.ofSeconds(5), Duration.ofDays(1), false));

    @Test
    void aSaleNeverMarkedRefusesNothing() {
        assertThat(flags.refusesToken(SALE)).isFalse();
        assertThat(flags.refusesToken(SALE)).isFalse();
        assertThat(flags.refusesOrder(SALE)).isFalse();
        assertThat(flags.refusesOrder(SALE)).as("nothing to claim: every order goes on").isFalse();
    }

    @Test
    void holdsUntilTheRecheckIntervalHasPassed() {
        flags.markSoldOut(SALE);
        clock.advance(1_999);

        assertThat(flags.refusesToken(SALE)).isTrue();
        assertThat(flags.refusesOrder(SALE)).isTrue();
        assertThat(flags.refusesOrder(SALE + 1)).as("another sale").isFalse();
    }

    @Test
    void onceDueOneOrderOfAConcurrentCrowdAsksInventoryAndTheFlagHoldsForTheRest() throws Exception {
        flags.markSoldOut(SALE);
        clock.advance(2_000);

        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> refusals = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            refusals.add(pool.submit(() -> {
                start.await();
                return flags.refusesOrder(SALE);
            }));
        }
        start.countDown();
        int probes = 0;
        for (Future<Boolean> refused : refusals) {
            probes += refused.get() ? 0 : 1;
        }
        pool.shutdown();

        assertThat(probes).isEqualTo(1);
        assertThat(flags.refusesToken(SALE)).as("tokens are claimed apart from orders: one passes").isFalse();
        assertThat(flags.refusesToken(SALE)).isTrue();
        clock.advance(2_000);
        assertThat(flags.refusesOrder(SALE)).as("the next interval's probe").isFalse();
        assertThat(flags.refusesOrder(SALE)).isTrue();
    }

    @Test
    void unitsFoundAgainClearTheFlagForEveryone() {
        flags.markSoldOut(SALE);
        flags.markAvailable(SALE);

        assertThat(flags.refusesToken(SALE)).isFalse();
        assertThat(flags.refusesOrder(SALE)).isFalse();
        assertThat(flags.refusesOrder(SALE)).isFalse();
    }
}
