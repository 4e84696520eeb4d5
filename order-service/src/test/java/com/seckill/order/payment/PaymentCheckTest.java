package com.seckill.order.payment;

import com.seckill.common.error.ErrorCode;
import com.seckill.common.error.SeckillException;
import com.seckill.order.lifecycle.OrderRow;
import com.seckill.order.lifecycle.OrderTransitions;
import com.seckill.order.query.OrderStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * What a payment check decides for an order, from its row and the time: the state machine's timer
 * edge (CREATED → CANCELLED once payBy has passed), with the transition itself stubbed.
 */
class PaymentCheckTest {

    static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    static final long ORDER = 42;

    final OrderTransitions transitions = mock(OrderTransitions.class);
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final PaymentCheck check = new PaymentCheck(transitions, Clock.fixed(NOW, ZoneOffset.UTC), meters);

    @Test
    void anUnpaidOrderPastItsPayByIsCancelled() {
        OrderRow row = row("CREATED", NOW.minusSeconds(1));
        when(transitions.find(ORDER)).thenReturn(Optional.of(row));
        when(transitions.cancelUnpaid(row)).thenReturn(new OrderTransitions.Outcome(OrderStatus.CANCELLED, true));

        assertThat(check.check(ORDER, NOW.minusSeconds(1))).isEqualTo(PaymentCheck.Outcome.CANCELLED);
        assertThat(meters.counter("seckill.orders.payment-checks", "outcome", "cancelled").count()).isEqualTo(1);
    }

    @Test
    void aPaidOrCancelledOrderIsLeftAlone() {
        when(transitions.find(ORDER)).thenReturn(Optional.of(row("PAID", NOW.minusSeconds(60))));
        assertThat(check.check(ORDER, NOW.minusSeconds(60))).isEqualTo(PaymentCheck.Outcome.ALREADY_PAID);

        when(transitions.find(ORDER)).thenReturn(Optional.of(row("CANCELLED", NOW.minusSeconds(60))));
        assertThat(check.check(ORDER, NOW.minusSeconds(60))).isEqualTo(PaymentCheck.Outcome.ALREADY_CANCELLED);

        verify(transitions, never()).cancelUnpaid(any());
    }

    @Test
    void aBuyerWhoPaidWhileTheCheckRanKeepsTheOrder() {
        OrderRow row = row("CREATED", NOW.minusSeconds(1));
        when(transitions.find(ORDER)).thenReturn(Optional.of(row));
        when(transitions.cancelUnpaid(row)).thenReturn(new OrderTransitions.Outcome(OrderStatus.PAID, false));

        assertThat(check.check(ORDER, NOW.minusSeconds(1))).isEqualTo(PaymentCheck.Outcome.ALREADY_PAID);
    }

    @Test
    void beforeTheLaterOfTheTwoPayBysTheBuyerMayStillPay() {
        // the message's payBy has passed, the row's has not: the pay endpoint still takes the payment
        when(transitions.find(ORDER)).thenReturn(Optional.of(row("CREATED", NOW.plus(Duration.ofMinutes(1)))));
        assertThat(check.check(ORDER, NOW.minusSeconds(5))).isEqualTo(PaymentCheck.Outcome.EARLY);

        when(transitions.find(ORDER)).thenReturn(Optional.of(row("CREATED", null)));
        assertThat(check.check(ORDER, NOW.plusSeconds(5))).isEqualTo(PaymentCheck.Outcome.EARLY);

        verify(transitions, never()).cancelUnpaid(any());
        assertThat(meters.counter("seckill.orders.payment-checks", "outcome", "retry_later").count()).isEqualTo(2);
    }

    @Test
    void whatCannotBeDecidedNowIsCheckedAgainLater() {
        when(transitions.find(ORDER)).thenReturn(Optional.empty());
        assertThat(check.check(ORDER, NOW.minusSeconds(1))).isEqualTo(PaymentCheck.Outcome.NO_ROW);

        OrderRow row = row("CREATED", NOW.minusSeconds(1));
        when(transitions.find(ORDER)).thenReturn(Optional.of(row));
        when(transitions.cancelUnpaid(row)).thenThrow(new SeckillException(ErrorCode.SERVICE_UNAVAILABLE, "broker down"));
        assertThat(check.check(ORDER, NOW.minusSeconds(1))).isEqualTo(PaymentCheck.Outcome.FAILED);

        assertThat(PaymentCheck.Outcome.NO_ROW.decided()).isFalse();
        assertThat(PaymentCheck.Outcome.FAILED.decided()).isFalse();
        assertThat(meters.counter("seckill.orders.payment-checks", "outcome", "retry_later").count()).isEqualTo(2);
    }

    private static OrderRow row(String status, Instant payBy) {
        return new OrderRow(ORDER, "buyer", 7, 1, status, null, payBy);
    }
}
