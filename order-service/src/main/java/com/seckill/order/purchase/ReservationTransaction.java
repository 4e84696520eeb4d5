package com.seckill.order.purchase;

import com.seckill.common.event.OrderPlacedEvent;
import com.seckill.order.order.PendingOrders;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.rocketmq.spring.annotation.RocketMQTransactionListener;
import org.apache.rocketmq.spring.core.RocketMQLocalTransactionListener;
import org.apache.rocketmq.spring.core.RocketMQLocalTransactionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.messaging.Message;
import tools.jackson.databind.json.JsonMapper;

import java.util.Locale;

import static org.apache.rocketmq.spring.core.RocketMQLocalTransactionState.COMMIT;
import static org.apache.rocketmq.spring.core.RocketMQLocalTransactionState.ROLLBACK;
import static org.apache.rocketmq.spring.core.RocketMQLocalTransactionState.UNKNOWN;

/**
 * Keeps the stock reservation and the order message from drifting apart, with RocketMQ's
 * transactional messages. The broker first stores the order as a half message, invisible to
 * consumers; the local transaction is the reservation in inventory-service; the message is committed
 * (delivered) only if the reservation was made, and rolled back otherwise. So a unit is never
 * reserved without its order message, and no order message exists without its reserved unit:
 * <ul>
 *   <li>broker down: the half message is refused before anything is reserved;</li>
 *   <li>inventory answers but refuses (sold out, limit): rollback;</li>
 *   <li>inventory does not answer (timeout, breaker open): the reservation is released, which also
 *       fences the order id off so a late-arriving reservation is refused, then rollback; if even the
 *       release fails, the broker's check-back decides;</li>
 *   <li>this instance dies before the commit reaches the broker: the broker checks back (any
 *       instance of the producer group answers), and commits exactly when the reservation exists.</li>
 * </ul>
 */
@RocketMQTransactionListener
class ReservationTransaction implements RocketMQLocalTransactionListener {

    private static final Logger log = LoggerFactory.getLogger(ReservationTransaction.class);

    private final InventoryClient inventory;
    private final PendingOrders pending;
    private final JsonMapper json;
    private final MeterRegistry meters;

    ReservationTransaction(InventoryClient inventory, PendingOrders pending, JsonMapper json, MeterRegistry meters) {
        this.inventory = inventory;
        this.pending = pending;
        this.json = json;
        this.meters = meters;
    }

    @Override
    public RocketMQLocalTransactionState executeLocalTransaction(Message message, Object argument) {
        ReservationAttempt attempt = (ReservationAttempt) argument;
        OrderPlacedEvent order = attempt.order();
        try {
            InventoryClient.Reservation reservation = inventory.reserve(order.activityId(), attempt.request());
            attempt.answered(reservation);
            return "OK".equals(reservation.status()) ? COMMIT : ROLLBACK;
        } catch (RuntimeException e) {
            attempt.failed(e);
            log.warn("No answer from inventory-service for order {} of activity {}: {}; releasing its reservation, if any",
                    order.orderId(), order.activityId(), causeOf(e));
            return releaseOrLeaveToCheckBack(order);
        }
    }

    /** The broker asks about a half message whose outcome it never heard (this or another instance). */
    @Override
    public RocketMQLocalTransactionState checkLocalTransaction(Message message) {
        OrderPlacedEvent order = json.readValue((byte[]) message.getPayload(), OrderPlacedEvent.class);
        RocketMQLocalTransactionState decision;
        try {
            String state = inventory.state(order.activityId(), order.orderId()).state();
            decision = "RESERVED".equals(state) ? COMMIT : releaseOrLeaveToCheckBack(order);
        } catch (RuntimeException e) {
            log.warn("Cannot decide order {} now ({}); the broker will ask again", order.orderId(), causeOf(e));
            decision = UNKNOWN;
        }
        if (decision == ROLLBACK) {
            // Its buyer was told 503; the order will never exist, so it must not read as PENDING.
            pending.discard(order.orderId());
        }
        meters.counter("seckill.orders.check-backs", "decision", decision.name().toLowerCase(Locale.ROOT)).increment();
        log.info("Broker asked about order {} of activity {}: {}", order.orderId(), order.activityId(), decision);
        return decision;
    }

    // The circuit breaker wraps what went wrong ("no fallback available"); an operator needs the cause.
    static String causeOf(Throwable e) {
        return NestedExceptionUtils.getMostSpecificCause(e).toString();
    }

    // After a release, no unit is held for the order and none can be any more: safe to roll back.
    private RocketMQLocalTransactionState releaseOrLeaveToCheckBack(OrderPlacedEvent order) {
        try {
            inventory.release(order.activityId(), order.orderId());
            return ROLLBACK;
        } catch (RuntimeException e) {
            log.warn("Could not release the reservation of order {} either ({}); the broker will check back",
                    order.orderId(), causeOf(e));
            return UNKNOWN;
        }
    }
}
