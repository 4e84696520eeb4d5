package com.seckill.order.payment;

import com.seckill.common.error.SeckillException;
import com.seckill.order.lifecycle.OrderRow;
import com.seckill.order.lifecycle.OrderTransitions;
import com.seckill.order.query.OrderStatus;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;

/**
 * The payment check of one order, whichever version of the timer message asked for it: cancels the
 * order if it is still unpaid at its payBy (which returns its stock), leaves a paid or already
 * cancelled one alone, and says when it cannot decide yet. Checking twice is harmless: the cancel is
 * the compare-and-set of {@link OrderTransitions}, which a second check finds already made.
 */
@Component
class PaymentCheck {

    /** What a check found; {@link #decided()} is false when it must be made again later. */
    enum Outcome {
        CANCELLED(true),
        ALREADY_PAID(true),
        ALREADY_CANCELLED(true),
        /** The consumer has not written the row yet. */
        NO_ROW(false),
        /** Delivered before the order's payBy: the buyer may still pay. */
        EARLY(false),
        /** The cancel could not be made now (the broker did not take its transactional message). */
        FAILED(false);

        private final boolean decided;

        Outcome(boolean decided) {
            this.decided = decided;
        }

        boolean decided() {
            return decided;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(PaymentCheck.class);

    private final OrderTransitions transitions;
    private final Clock clock;
    private final MeterRegistry meters;

    PaymentCheck(OrderTransitions transitions, Clock clock, MeterRegistry meters) {
        this.transitions = transitions;
        this.clock = clock;
        this.meters = meters;
    }

    /** {@code payBy} as the timer message carries it; the row's own payBy is honoured too. */
    Outcome check(long orderId, Instant payBy) {
        Outcome outcome = decide(orderId, payBy);
        // retry_later is the name the metric has always had for an undecided check.
        meters.counter("seckill.orders.payment-checks", "outcome",
                outcome.decided() ? outcome.name().toLowerCase(Locale.ROOT) : "retry_later").increment();
        return outcome;
    }

    private Outcome decide(long orderId, Instant payBy) {
        OrderRow order = transitions.find(orderId).orElse(null);
        if (order == null) {
            log.info("Payment check of order {} before its row exists; checked again later", orderId);
            return Outcome.NO_ROW;
        }
        if (!OrderStatus.CREATED.name().equals(order.status())) {
            return already(order.status());
        }
        // The later of the two: the pay endpoint takes payments until the row's payBy, and the
        // message's could only differ if the row was written from another event.
        Instant due = order.payBy() != null && order.payBy().isAfter(payBy) ? order.payBy() : payBy;
        if (clock.instant().isBefore(due)) {
            log.info("Payment check of order {} came before its payBy {}; checked again later", orderId, due);
            return Outcome.EARLY;
        }
        OrderTransitions.Outcome after;
        try {
            after = transitions.cancelUnpaid(order);
        } catch (SeckillException e) {
            log.warn("Payment check of order {}: the cancel could not be made now ({}); checked again later", orderId, e.getMessage());
            return Outcome.FAILED;
        }
        if (!after.changed()) {
            return already(after.status().name());
        }
        log.info("Order {} was not paid by {}: cancelled, its stock goes back", orderId, due);
        return Outcome.CANCELLED;
    }

    private static Outcome already(String status) {
        return OrderStatus.PAID.name().equals(status) ? Outcome.ALREADY_PAID : Outcome.ALREADY_CANCELLED;
    }
}
