package com.seckill.order.lifecycle;

import com.seckill.common.error.ErrorCode;
import com.seckill.common.error.SeckillException;
import com.seckill.events.order.OrderCancelledEvent;
import com.seckill.events.order.OrderPaidEvent;
import com.seckill.order.query.OrderStatus;
import com.seckill.order.query.PendingOrders;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.rocketmq.spring.support.RocketMQHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Pays and cancels orders. CREATED → PAID or CREATED → CANCELLED, each a compare-and-set that rides
 * in a transactional message ({@link TransitionTransaction}), so inventory hears of exactly the
 * changes that were made. Paying or cancelling twice answers the same; paying a cancelled order or
 * cancelling a paid one is 409 ORDER_NOT_PAYABLE.
 */
@Service
public class OrderTransitions {

    private static final Logger log = LoggerFactory.getLogger(OrderTransitions.class);

    private final LifecycleRepository orders;
    private final PendingOrders pending;
    private final LifecycleRocketMQTemplate rocketMq;
    private final JsonMapper json;
    private final Clock clock;
    private final MeterRegistry meters;

    OrderTransitions(LifecycleRepository orders, PendingOrders pending, LifecycleRocketMQTemplate rocketMq, JsonMapper json,
                     Clock clock, MeterRegistry meters) {
        this.orders = orders;
        this.pending = pending;
        this.rocketMq = rocketMq;
        this.json = json;
        this.clock = clock;
        this.meters = meters;
    }

    OrderStatus pay(long orderId, String userId) {
        OrderRow order = owned(orderId, userId);
        Instant now = clock.instant();
        if (OrderStatus.CREATED.name().equals(order.status()) && order.payBy() != null && !now.isBefore(order.payBy())) {
            // The payment timer cancels it (now, or when its message arrives); too late to pay.
            throw notPayable("The time to pay this order ended at " + order.payBy());
        }
        OrderStatus result = change(order, OrderStatus.PAID, json.writeValueAsBytes(
                new OrderPaidEvent(orderId, userId, order.activityId(), order.quantity(), now)), OrderPaidEvent.TOPIC).status();
        if (result != OrderStatus.PAID) {
            throw notPayable("The order is " + result);
        }
        return result;
    }

    OrderStatus cancel(long orderId, String userId) {
        OrderRow order = owned(orderId, userId);
        OrderStatus result = cancel(order, OrderCancelledEvent.Reason.BUYER).status();
        if (result != OrderStatus.CANCELLED) {
            throw notPayable("The order is " + result);
        }
        return result;
    }

    /** The payment timer: cancels the order if it is still unpaid. */
    public Outcome cancelUnpaid(OrderRow order) {
        return cancel(order, OrderCancelledEvent.Reason.PAYMENT_TIMEOUT);
    }

    public Optional<OrderRow> find(long orderId) {
        return orders.find(orderId);
    }

    private Outcome cancel(OrderRow order, OrderCancelledEvent.Reason reason) {
        byte[] event = json.writeValueAsBytes(new OrderCancelledEvent(order.orderId(), order.userId(), order.activityId(),
                order.quantity(), clock.instant(), reason));
        return change(order, OrderStatus.CANCELLED, event, OrderCancelledEvent.TOPIC);
    }

    /** The status of an order after a change was asked for, and whether this change made it. */
    public record Outcome(OrderStatus status, boolean changed) {
    }

    /** Moves a CREATED order to the target, unless something else moved it first. */
    private Outcome change(OrderRow order, OrderStatus target, byte[] event, String topic) {
        if (!OrderStatus.CREATED.name().equals(order.status())) {
            return new Outcome(OrderStatus.valueOf(order.status()), false);
        }
        TransitionAttempt attempt = new TransitionAttempt(order.orderId(), target);
        try {
            rocketMq.sendMessageInTransaction(topic, MessageBuilder.withPayload(event)
                    .setHeader(RocketMQHeaders.KEYS, Long.toString(order.orderId()))
                    .setHeader(TransitionTransaction.ORDER_HEADER, Long.toString(order.orderId()))
                    .setHeader(TransitionTransaction.CHANGE_HEADER, attempt.changeId())
                    .build(), attempt);
        } catch (org.springframework.messaging.MessagingException e) {
            log.warn("Broker did not take the change of order {} to {} (nothing changed): {}", order.orderId(), target, e.toString());
            throw new SeckillException(ErrorCode.SERVICE_UNAVAILABLE, "Orders cannot be changed right now");
        }
        if (attempt.changed()) {
            meters.counter("seckill.orders.transitions", "to", target.name().toLowerCase(Locale.ROOT)).increment();
            log.info("Order {} {}", order.orderId(), target);
            return new Outcome(target, true);
        }
        // Someone else moved it first (a second click, the timer): answer what it is now.
        return new Outcome(orders.find(order.orderId()).map(row -> OrderStatus.valueOf(row.status())).orElseThrow(), false);
    }

    private OrderRow owned(long orderId, String userId) {
        Optional<OrderRow> order = orders.find(orderId).filter(row -> row.userId().equals(userId));
        if (order.isPresent()) {
            return order.get();
        }
        if (pending.isPendingFor(orderId, userId)) {
            throw notPayable("The order is still being created; try again in a moment");
        }
        throw SeckillException.notFound("Order", orderId);
    }

    private static SeckillException notPayable(String detail) {
        return new SeckillException(TransitionRefusal.ORDER_NOT_PAYABLE, detail);
    }
}
