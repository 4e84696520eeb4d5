package com.seckill.order.purchase;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.client.circuitbreaker.NoFallbackAvailableException;

import java.net.SocketTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/** A batch the breaker refused never reached inventory; one that timed out may hold units there. */
class BreakerRefusalTest {

    @Test
    void aCallTheOpenBreakerRefusedWasNeverSent() {
        CircuitBreaker open = CircuitBreaker.ofDefaults("InventoryClientreserveBatch");
        open.transitionToOpenState();
        RuntimeException refused = new NoFallbackAvailableException("No fallback available.",
                CallNotPermittedException.createCallNotPermittedException(open));

        assertThat(GroupCommit.neverSent(refused)).isTrue();
    }

    @Test
    void aCallThatTimedOutMayHaveBeenSent() {
        RuntimeException timedOut = new NoFallbackAvailableException("No fallback available.",
                new RuntimeException(new SocketTimeoutException("Read timed out")));

        assertThat(GroupCommit.neverSent(timedOut)).isFalse();
    }
}
