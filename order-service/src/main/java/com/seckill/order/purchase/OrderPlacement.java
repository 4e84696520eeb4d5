package com.seckill.order.purchase;

import com.seckill.common.error.ErrorCode;
import com.seckill.common.error.SeckillException;
import com.seckill.common.event.OrderPlacedEvent;
import com.seckill.order.activity.SaleActivities;
import com.seckill.order.activity.SaleActivity;
import com.seckill.order.id.OrderIdGenerator;
import com.seckill.order.order.OrderView;
import com.seckill.order.order.OrderStatuses;
import com.seckill.order.order.PendingOrders;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.messaging.MessagingException;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Takes a flash-sale order. The checks run cheapest first, so the flood that arrives after the last
 * unit is refused from memory: the sold-out flag, the purchase token (an HMAC), the sale window
 * (cached rules), and only then the reservation, which rides in a transactional message.
 */
@Service
class OrderPlacement {

    private static final Logger log = LoggerFactory.getLogger(OrderPlacement.class);

    private final SoldOutFlags soldOut;
    private final PurchaseTokens tokens;
    private final SaleActivities activities;
    private final OrderIdGenerator ids;
    private final PendingOrders pending;
    private final OrderEventSender sender;
    private final OrderStatuses statuses;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Duration paymentTimeout;

    OrderPlacement(SoldOutFlags soldOut, PurchaseTokens tokens, SaleActivities activities, OrderIdGenerator ids,
                   PendingOrders pending, OrderEventSender sender, OrderStatuses statuses, Clock clock, MeterRegistry meters,
                   @Value("${seckill.lifecycle.payment-timeout}") Duration paymentTimeout) {
        this.soldOut = soldOut;
        this.tokens = tokens;
        this.activities = activities;
        this.ids = ids;
        this.pending = pending;
        this.sender = sender;
        this.statuses = statuses;
        this.clock = clock;
        this.meters = meters;
        this.paymentTimeout = paymentTimeout;
    }

    OrderAccepted place(long activityId, String userId, PlaceOrderRequest request, String idempotencyKey) {
        // A retry with its Idempotency-Key passes the flag: if its first attempt was accepted but the
        // answer lost (a timeout on the way back), the reservation's replay answers with that order,
        // where the flag would have said SOLD_OUT. Only a holder of a valid token gets that far.
        if (idempotencyKey == null && soldOut.refusesOrder(activityId)) {
            throw refused("sold_out_flag", ErrorCode.SOLD_OUT, "All units of this sale are taken");
        }
        Instant now = clock.instant();
        if (!tokens.isValid(request.token(), activityId, userId, now)) {
            throw refused("invalid_token", ErrorCode.INVALID_SECKILL_TOKEN, "Ask POST /api/activities/" + activityId + "/token for a token");
        }
        SaleActivity activity = activities.get(activityId);
        checkWindow(activity, now);

        long orderId = ids.next();
        // MySQL keeps milliseconds at most; the pending record and the row must say the same.
        Instant createdAt = now.truncatedTo(ChronoUnit.MILLIS);
        long amountCents = activity.seckillPriceCents() * request.quantity();
        Instant payBy = createdAt.plus(paymentTimeout);
        long sequence = pending.open(new PendingOrders.PendingOrder(orderId, userId, activityId, activity.productId(),
                request.quantity(), amountCents, createdAt, payBy));
        ReservationAttempt attempt = new ReservationAttempt(new OrderPlacedEvent(orderId, userId, activityId,
                activity.productId(), request.quantity(), amountCents, createdAt, sequence, payBy), activity.limitPerUser(), idempotencyKey);
        try {
            sender.sendReserving(attempt);
        } catch (MessagingException e) {
            pending.discard(orderId);
            log.warn("Broker did not take order {} of activity {} (nothing was reserved): {}", orderId, activityId, e.toString());
            throw refused("broker_unavailable", ErrorCode.SERVICE_UNAVAILABLE, "Orders cannot be taken right now");
        }
        return outcome(attempt);
    }

    void checkWindow(SaleActivity activity, Instant now) {
        if (activity.notStartedAt(now)) {
            throw refused("not_started", ErrorCode.NOT_STARTED, "The sale starts at " + activity.startAt());
        }
        if (activity.endedAt(now)) {
            throw refused("ended", ErrorCode.ENDED, "The sale ended at " + activity.endAt());
        }
    }

    private OrderAccepted outcome(ReservationAttempt attempt) {
        OrderPlacedEvent order = attempt.order();
        InventoryClient.Reservation reservation = attempt.reservation();
        if (reservation == null) {
            pending.discard(order.orderId());
            if (attempt.failure() != null) {
                throw refused("inventory_unavailable", ErrorCode.SERVICE_UNAVAILABLE, "Stock cannot be reserved right now");
            }
            // The broker answered the half message with a failure status: the reservation never ran.
            throw refused("broker_unavailable", ErrorCode.SERVICE_UNAVAILABLE, "Orders cannot be taken right now");
        }
        if (!"OK".equals(reservation.status())) {
            pending.discard(order.orderId());
        }
        return switch (reservation.status()) {
            case "OK" -> {
                soldOut.markAvailable(order.activityId());
                meters.counter("seckill.orders.placed", "outcome", "accepted").increment();
                yield new OrderAccepted(Long.toString(order.orderId()), OrderView.PENDING);
            }
            case "DUPLICATE" -> {
                meters.counter("seckill.orders.placed", "outcome", "replay").increment();
                yield new OrderAccepted(reservation.orderId(), statuses.statusOf(Long.parseLong(reservation.orderId())));
            }
            case "SOLD_OUT" -> {
                if (reservation.remaining() != null && reservation.remaining() <= 0) {
                    soldOut.markSoldOut(order.activityId());
                } else {
                    soldOut.markAvailable(order.activityId());
                }
                throw refused("sold_out", ErrorCode.SOLD_OUT, "Not enough units left");
            }
            case "ALREADY_PURCHASED" -> throw refused("already_purchased", ErrorCode.ALREADY_PURCHASED,
                    "You already hold the most units one buyer may have in this sale");
            case "LIMIT_EXCEEDED" -> throw refused("limit_exceeded", ErrorCode.LIMIT_EXCEEDED,
                    "This quantity would take you over the limit per buyer of this sale");
            default -> {
                // NOT_LOADED: the sale is on but its stock never reached Redis (the warm-up retries).
                log.error("Order {} of activity {} refused by inventory-service: {}", order.orderId(), order.activityId(),
                        reservation.status());
                throw refused(reservation.status().toLowerCase(Locale.ROOT), ErrorCode.SERVICE_UNAVAILABLE,
                        "The sale's stock is not ready yet");
            }
        };
    }

    private SeckillException refused(String outcome, ErrorCode code, String detail) {
        meters.counter("seckill.orders.placed", "outcome", outcome).increment();
        return new SeckillException(code, detail);
    }
}
