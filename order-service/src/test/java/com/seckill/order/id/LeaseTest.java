package com.seckill.order.id;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LeaseTest {

    private static final LeaseSettings SETTINGS = new LeaseSettings(Duration.ofSeconds(30), Duration.ofSeconds(10),
            Duration.ofSeconds(1), Duration.ofSeconds(2));

    @Test
    void aLeaseRunsFromTheAnswerToWhenItWasAskedForPlusTtlMinusMargin() {
        Lease lease = Lease.taken(5, 1_000, 1_040, SETTINGS);

        assertThat(lease.workerId()).isEqualTo(5);
        assertThat(lease.validFrom()).isEqualTo(1_040);
        assertThat(lease.validUntil()).isEqualTo(1_000 + 30_000 - 2_000);
        assertThat(lease.permits(1_039)).as("before Redis answered: the id may have been another's until then").isFalse();
        assertThat(lease.permits(1_040)).isTrue();
        assertThat(lease.permits(28_999)).isTrue();
        assertThat(lease.permits(29_000)).isFalse();
    }

    @Test
    void aRenewalCountsFromWhenItWasSentNotWhenItWasAnswered() {
        Lease renewed = Lease.taken(5, 1_000, 1_040, SETTINGS).renewedAt(11_000, SETTINGS);

        assertThat(renewed.validFrom()).as("still from the first answer").isEqualTo(1_040);
        assertThat(renewed.validUntil()).isEqualTo(11_000 + 28_000);
        assertThat(renewed.workerId()).isEqualTo(5);
    }

    @Test
    void aRenewalIsCountedFromItselfEvenIfThatEndsEarlier() {
        Lease lease = Lease.taken(5, 100_000, 100_010, SETTINGS);

        // the clock stepped back 60 s since: the earlier end means nothing in the new frame
        Lease renewed = lease.renewedAt(40_000, SETTINGS);

        assertThat(renewed.validUntil()).isEqualTo(40_000 + 28_000);
    }

    @Test
    void anAnswerSlowerThanTheTtlMinusTheMarginLeavesNoMillisecondToStampAnId() {
        Lease lease = Lease.taken(5, 0, 28_000, SETTINGS);

        assertThat(lease.permits(27_999)).isFalse();
        assertThat(lease.permits(28_000)).isFalse();
    }

    @Test
    void theLeaseEndsHereAtLeastTheMarginBeforeRedisCanGiveTheIdToAnother() {
        for (int i = 0; i < 1_000; i++) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            long sentAt = random.nextLong(0, 1L << 40);
            long transit = random.nextLong(0, 5_000); // however long the call took to reach Redis
            long expiresInRedis = sentAt + transit + SETTINGS.ttl().toMillis();
            long renewedAt = sentAt + random.nextLong(1, 10_000);
            long renewalExpiresInRedis = renewedAt + transit + SETTINGS.ttl().toMillis();

            Lease taken = Lease.taken(1, sentAt, sentAt + transit * 2, SETTINGS);
            Lease renewed = taken.renewedAt(renewedAt, SETTINGS);

            assertThat(taken.validUntil() + SETTINGS.margin().toMillis()).isLessThanOrEqualTo(expiresInRedis);
            assertThat(renewed.validUntil() + SETTINGS.margin().toMillis()).isLessThanOrEqualTo(renewalExpiresInRedis);
        }
    }

    @Test
    void settingsThatWouldLetTheLeaseRunOutBetweenRenewalsAreRefused() {
        assertThatThrownBy(() -> new LeaseSettings(Duration.ofSeconds(30), Duration.ofSeconds(28), Duration.ofSeconds(1), Duration.ofSeconds(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("renew-every");
        assertThatThrownBy(() -> new LeaseSettings(Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("margin");
        assertThatThrownBy(() -> new LeaseSettings(Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("margin");
        assertThatThrownBy(() -> new LeaseSettings(Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl");
        assertThatThrownBy(() -> new LeaseSettings(Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ZERO, Duration.ofSeconds(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retry-every");
    }

    @Test
    void anOperatorsWorkerIdMustFitTenBits() {
        assertThat(new OrderIdProperties(1023, null).workerId()).isEqualTo(1023);
        assertThat(new OrderIdProperties(null, SETTINGS).lease()).isEqualTo(SETTINGS);
        assertThatThrownBy(() -> new OrderIdProperties(1024, SETTINGS)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SECKILL_WORKER_ID");
        assertThatThrownBy(() -> new OrderIdProperties(null, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
