package com.seckill.order.purchase;

import com.seckill.common.error.ErrorCode;
import com.seckill.common.error.ProblemCode;
import com.seckill.common.error.SeckillException;
import com.seckill.common.web.Deadline;
import com.seckill.order.activity.SaleActivities;
import com.seckill.order.activity.SaleActivity;
import com.seckill.order.id.OrderIdGenerator;
import com.seckill.order.id.WorkerIdUnavailable;
import com.seckill.order.query.OrderView;
import com.seckill.order.query.OrderStatusLookup;
import com.seckill.order.query.PendingOrders;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Takes a flash-sale order. The checks run cheapest first, so the flood that arrives after the last
 * unit is refused from memory: the sold-out flag, the purchase token if one is given or required (an HMAC), the sale window
 * (cached rules), and only then the reservation, which joins the next group commit ({@link GroupCommit}).
 * <p>
 * Its request waits for the decision until answer-within has passed, or until a margin before the
 * caller's deadline (the gateway's {@link Deadline}) if that comes first, so the answer reaches a gateway
 * that still listens. A request that arrives with less time left than a placement needs is refused at
 * once, before anything is reserved. One that runs out of time while its order is still queued takes it
 * out of the queue (never placed); an order a batch has already taken is placed or not, and the buyer's
 * retry with the same Idempotency-Key finds out which.
 */
@Service
class OrderPlacement {

    private static final Logger log = LoggerFactory.getLogger(OrderPlacement.class);

    private final SoldOutFlags soldOut;
    private final PurchaseTokens tokens;
    private final SaleActivities activities;
    private final OrderIdGenerator ids;
    private final GroupCommit groupCommit;
    private final PendingOrders pending;
    private final BrokerGate broker;
    private final Duration answerWithin;
    private final Duration deadlineMargin;
    private final Duration minBudget;
    private final boolean tokenRequired;
    private final OrderStatusLookup statuses;
    private final LostKeyRecords lostKeys;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Duration paymentTimeout;

    OrderPlacement(SoldOutFlags soldOut, PurchaseTokens tokens, SaleActivities activities, OrderIdGenerator ids,
                   PendingOrders pending, GroupCommit groupCommit, BrokerGate broker, GroupCommitProperties groupCommitProperties, PurchaseProperties purchase,
                   OrderStatusLookup statuses, LostKeyRecords lostKeys,
                   Clock clock, MeterRegistry meters, @Value("${seckill.payment.timeout}") Duration paymentTimeout) {
        this.soldOut = soldOut;
        this.tokens = tokens;
        this.activities = activities;
        this.ids = ids;
        this.groupCommit = groupCommit;
        this.pending = pending;
        this.broker = broker;
        this.answerWithin = groupCommitProperties.answerWithin();
        this.deadlineMargin = groupCommitProperties.deadlineMargin();
        this.minBudget = groupCommitProperties.minBudget();
        this.tokenRequired = purchase.tokenRequired();
        this.statuses = statuses;
        this.lostKeys = lostKeys;
        this.clock = clock;
        this.meters = meters;
        this.paymentTimeout = paymentTimeout;
    }

    OrderAccepted place(long activityId, String userId, PlaceOrderRequest request, String idempotencyKey, Deadline deadline) {
        Instant now = clock.instant();
        if (soldOut.refusesOrder(activityId)) {
            // A retry whose first attempt may have been accepted but its answer lost (a time-out on the way
            // back) gets that order, not SOLD_OUT: a look-up in the next batch, nothing reserved. No key, or
            // one that was never offered to inventory (the crowd's first attempts): refused here, unless the
            // record of offered keys may have gone with Redis' data.
            if (idempotencyKey == null || !(lostKeys.mayBeLost(activityId) || pending.mayHavePlaced(activityId, userId, idempotencyKey))) {
                throw refused("sold_out_flag", PurchaseRefusal.SOLD_OUT, "All units of this sale are taken");
            }
            Duration wait = waitFor(deadline);
            ReplayLookup lookup = new ReplayLookup(activityId, userId, idempotencyKey);
            groupCommit.submit(lookup);
            return outcome(activityId, await(lookup, wait, "A replay look-up in activity " + activityId));
        }
        if (request.token() != null || tokenRequired) {
            if (!tokens.isValid(request.token(), activityId, userId, now)) {
                throw refused("invalid_token", PurchaseRefusal.INVALID_SECKILL_TOKEN, "Ask POST /api/activities/" + activityId + "/token for a token");
            }
        }
        SaleActivity activity = activities.get(activityId);
        checkWindow(activity, now);

        if (!broker.isOpen()) {
            throw refused("broker_unavailable", ErrorCode.SERVICE_UNAVAILABLE, "Orders cannot be taken right now");
        }
        // Last of the checks: a refusal above is a definite answer, worth more to the buyer than "retry" and
        // no dearer to give.
        Duration wait = waitFor(deadline);

        long orderId;
        try {
            orderId = ids.next();
        } catch (WorkerIdUnavailable e) {
            // No lease on a worker id (Redis unreachable too long): an id made now could be another instance's.
            throw refused("worker_id_unavailable", ErrorCode.SERVICE_UNAVAILABLE, "Orders cannot be taken right now");
        }
        // MySQL keeps milliseconds at most; the pending record and the row must say the same.
        Instant createdAt = now.truncatedTo(ChronoUnit.MILLIS);
        PendingOrders.PendingOrder order = new PendingOrders.PendingOrder(orderId, userId, activityId, activity.productId(),
                request.quantity(), activity.seckillPriceCents() * request.quantity(), createdAt, createdAt.plus(paymentTimeout),
                idempotencyKey);
        ReservationAttempt attempt = new ReservationAttempt(order, activity.limitPerUser());
        groupCommit.submit(attempt);
        return outcome(activityId, await(attempt, wait, "Order " + orderId + " of activity " + activityId));
    }

    /**
     * How long this request may wait for its decision: answer-within, or until the margin before the
     * caller's deadline if that comes first. Refused at once (503, nothing reserved) when that is less
     * than a placement needs.
     */
    private Duration waitFor(Deadline deadline) {
        Duration wait = deadline.remainingAt(clock.instant()).map(left -> left.minus(deadlineMargin))
                .filter(left -> left.compareTo(answerWithin) < 0)
                .orElse(answerWithin);
        if (wait.compareTo(minBudget) < 0) {
            throw refused("deadline", ErrorCode.SERVICE_UNAVAILABLE,
                    "Your order waited too long on its way to be placed in time; nothing was reserved, retry with the same Idempotency-Key");
        }
        return wait;
    }

    private InventoryClient.Reservation await(GroupCommit.Queued queued, Duration wait, String what) {
        try {
            return queued.answer().get(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof PlacementFailure failure) {
                throw refused(failure.outcome(), ErrorCode.SERVICE_UNAVAILABLE, failure.getMessage());
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            // Not taken by a batch yet: never will be. Already taken: the order may yet be placed, and the
            // buyer's retry with the same Idempotency-Key answers it if it was.
            queued.answer().cancel(false);
            log.warn("{} not decided within the {} ms its request had left", what, wait.toMillis());
            throw refused("timeout", ErrorCode.SERVICE_UNAVAILABLE, "Your order could not be confirmed in time; retry with the same Idempotency-Key");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw refused("interrupted", ErrorCode.SERVICE_UNAVAILABLE, "Orders cannot be taken right now");
        }
    }

    void checkWindow(SaleActivity activity, Instant now) {
        if (activity.notStartedAt(now)) {
            throw refused("not_started", PurchaseRefusal.NOT_STARTED, "The sale starts at " + activity.startAt());
        }
        if (activity.endedAt(now)) {
            throw refused("ended", PurchaseRefusal.ENDED, "The sale ended at " + activity.endAt());
        }
    }

    private OrderAccepted outcome(long activityId, InventoryClient.Reservation reservation) {
        return switch (reservation.status()) {
            case "OK" -> {
                meters.counter("seckill.orders.placed", "outcome", "accepted").increment();
                yield new OrderAccepted(reservation.orderId(), OrderView.PENDING);
            }
            case "DUPLICATE" -> {
                meters.counter("seckill.orders.placed", "outcome", "replay").increment();
                yield new OrderAccepted(reservation.orderId(), statuses.statusOf(Long.parseLong(reservation.orderId())));
            }
            case "SOLD_OUT" -> throw refused("sold_out", PurchaseRefusal.SOLD_OUT, "Not enough units left");
            case "ALREADY_PURCHASED" -> throw refused("already_purchased", PurchaseRefusal.ALREADY_PURCHASED,
                    "You already hold the most units one buyer may have in this sale");
            case "LIMIT_EXCEEDED" -> throw refused("limit_exceeded", PurchaseRefusal.LIMIT_EXCEEDED,
                    "This quantity would take you over the limit per buyer of this sale");
            default -> {
                // NOT_LOADED: the sale is on but its stock is not in Redis: never loaded (the warm-up
                // retries), or Redis lost it (inventory rebuilds it), and with it the keys offered here.
                lostKeys.mark(activityId);
                log.error("An order of activity {} refused by inventory-service: {}", activityId, reservation.status());
                throw refused(reservation.status().toLowerCase(Locale.ROOT), ErrorCode.SERVICE_UNAVAILABLE,
                        "The sale's stock is not ready yet");
            }
        };
    }

    private SeckillException refused(String outcome, ProblemCode code, String detail) {
        meters.counter("seckill.orders.placed", "outcome", outcome).increment();
        return new SeckillException(code, detail);
    }
}
