package com.seckill.order.lifecycle;

import com.seckill.order.query.OrderStatus;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.rocketmq.spring.annotation.RocketMQTransactionListener;
import org.apache.rocketmq.spring.core.RocketMQLocalTransactionListener;
import org.apache.rocketmq.spring.core.RocketMQLocalTransactionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;

import java.util.Locale;

import static org.apache.rocketmq.spring.core.RocketMQLocalTransactionState.COMMIT;
import static org.apache.rocketmq.spring.core.RocketMQLocalTransactionState.ROLLBACK;
import static org.apache.rocketmq.spring.core.RocketMQLocalTransactionState.UNKNOWN;

/**
 * A status change and its event cannot drift apart: the event (paid → stock sold; cancelled → stock
 * returned) is a transactional message whose local transaction is the compare-and-set on the row.
 * Committed exactly when the row moved: the broker's check-back commits only the change whose id the
 * row carries, so of a buyer's cancel racing the payment timer exactly one event is delivered.
 */
@RocketMQTransactionListener(rocketMQTemplateBeanName = "lifecycleRocketMQTemplate")
class TransitionTransaction implements RocketMQLocalTransactionListener {

    // User properties of the message: the check-back gets the message, not the attempt.
    static final String ORDER_HEADER = "SECKILL_ORDER_ID";
    static final String CHANGE_HEADER = "SECKILL_CHANGE_ID";
    private static final Logger log = LoggerFactory.getLogger(TransitionTransaction.class);

    private final LifecycleRepository orders;
    private final MeterRegistry meters;

    TransitionTransaction(LifecycleRepository orders, MeterRegistry meters) {
        this.orders = orders;
        this.meters = meters;
    }

    @Override
    public RocketMQLocalTransactionState executeLocalTransaction(Message message, Object argument) {
        TransitionAttempt attempt = (TransitionAttempt) argument;
        try {
            attempt.changed(orders.compareAndSet(attempt.orderId(), OrderStatus.CREATED.name(), attempt.target().name(),
                    attempt.changeId()));
            return attempt.changed() ? COMMIT : ROLLBACK;
        } catch (RuntimeException e) {
            // Whether the update committed is unknown; the check-back reads the row.
            log.warn("Status change of order {} to {} failed: {}; the broker will check back", attempt.orderId(), attempt.target(), e.toString());
            return UNKNOWN;
        }
    }

    @Override
    public RocketMQLocalTransactionState checkLocalTransaction(Message message) {
        long orderId = Long.parseLong(String.valueOf(message.getHeaders().get(ORDER_HEADER)));
        String changeId = String.valueOf(message.getHeaders().get(CHANGE_HEADER));
        try {
            RocketMQLocalTransactionState decision = orders.find(orderId)
                    .filter(row -> changeId.equals(row.statusChangeId())).isPresent() ? COMMIT : ROLLBACK;
            log.info("Broker asked about change {} of order {}: {}", changeId, orderId, decision);
            checked(decision);
            return decision;
        } catch (RuntimeException e) {
            log.warn("Broker asked about change {} of order {}: unknown ({}); it asks again", changeId, orderId, e.toString());
            checked(UNKNOWN);
            return UNKNOWN;
        }
    }

    /** Check-backs answered: a change whose sender died (or whose commit got lost) shows here. */
    private void checked(RocketMQLocalTransactionState decision) {
        meters.counter("seckill.orders.transition.checks", "decision", decision.name().toLowerCase(Locale.ROOT)).increment();
    }
}
