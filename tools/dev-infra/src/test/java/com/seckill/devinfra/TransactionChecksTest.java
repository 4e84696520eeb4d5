package com.seckill.devinfra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransactionChecksTest {

    @Test
    void theDefaultsAskForLongerThanAnOrderServiceRestart() {
        TransactionChecks checks = TransactionChecks.fromEnv(Map.of());

        assertThat(checks).isEqualTo(TransactionChecks.DEFAULTS);
        assertThat(checks.window()).isEqualTo(Duration.ofSeconds(306))
            .as("a restart takes 30-60 s here, up to 3 minutes in Kubernetes").isGreaterThan(Duration.ofMinutes(4));
    }

    @Test
    void eachSettingCanBeOverriddenByItsVariable() {
        TransactionChecks checks = TransactionChecks.fromEnv(Map.of(
            TransactionChecks.TIMEOUT_ENV, "PT3S", TransactionChecks.INTERVAL_ENV, " PT1S ", TransactionChecks.MAX_ENV, "120"));

        assertThat(checks).isEqualTo(new TransactionChecks(Duration.ofSeconds(3), Duration.ofSeconds(1), 120));
        assertThat(checks.window()).isEqualTo(Duration.ofSeconds(123));
    }

    @Test
    void refusesWhatTheBrokerCouldNotUse() {
        assertThatThrownBy(() -> TransactionChecks.fromEnv(Map.of(TransactionChecks.INTERVAL_ENV, "10")))
            .hasMessageContaining(TransactionChecks.INTERVAL_ENV);
        assertThatThrownBy(() -> TransactionChecks.fromEnv(Map.of(TransactionChecks.MAX_ENV, "0")))
            .hasMessageContaining("max >= 1");
    }
}
