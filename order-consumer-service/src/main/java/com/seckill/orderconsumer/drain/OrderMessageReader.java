package com.seckill.orderconsumer.drain;

import com.seckill.events.order.OrderPlacedEvent;
import org.apache.rocketmq.common.message.MessageExt;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a message into an order the orders table accepts, or says why it never can be one: such a
 * message is poison, no retry can help it.
 */
@Component
class OrderMessageReader {

    /** orders.user_id is VARCHAR(64). */
    static final int MAX_USER_ID_LENGTH = 64;

    /** Either an order or a rejection. */
    record Reading(OrderPlacedEvent order, Rejection rejection) {

        static Reading of(OrderPlacedEvent order) {
            return new Reading(order, null);
        }

        static Reading rejected(Rejection.Kind kind, String reason) {
            return new Reading(null, new Rejection(kind, reason));
        }

        boolean isOrder() {
            return order != null;
        }
    }

    record Rejection(Kind kind, String reason) {

        enum Kind {
            /** not JSON, or not the shape of an OrderPlacedEvent */
            UNREADABLE,
            /** an OrderPlacedEvent whose values no order can have */
            INVALID
        }
    }

    private final JsonMapper json;

    /**
     * Reads version 1 of the event as its contract says, whatever the application's defaults: a
     * field it does not know is ignored (a newer publisher added it at the end), and a number that
     * is missing reads as 0 (an older publisher did not have it yet, like the sequence), which the
     * checks below then refuse wherever 0 is no valid value.
     */
    OrderMessageReader(JsonMapper json) {
        this.json = json.rebuild()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
    }

    Reading read(MessageExt message) {
        OrderPlacedEvent order;
        try {
            order = json.readValue(message.getBody() == null ? new byte[0] : message.getBody(), OrderPlacedEvent.class);
        } catch (JacksonException e) {
            return Reading.rejected(Rejection.Kind.UNREADABLE, "body is not an OrderPlacedEvent: " + e.getOriginalMessage());
        }
        if (order == null) {
            return Reading.rejected(Rejection.Kind.UNREADABLE, "body is JSON null");
        }
        String problem = problemWith(order);
        return problem == null ? Reading.of(order) : Reading.rejected(Rejection.Kind.INVALID, problem);
    }

    /**
     * The table's constraints, checked before the insert: one impossible order must not fail the
     * batch it travels in, again on every retry, and finally take its neighbours to the dead-letter
     * topic with it.
     */
    private static String problemWith(OrderPlacedEvent order) {
        if (order.orderId() <= 0) {
            return "order id " + order.orderId() + " is not positive";
        }
        if (order.userId() == null || order.userId().isBlank()) {
            return "user id is missing";
        }
        if (order.userId().length() > MAX_USER_ID_LENGTH) {
            return "user id is longer than " + MAX_USER_ID_LENGTH + " characters";
        }
        if (order.activityId() <= 0) {
            return "activity id " + order.activityId() + " is not positive";
        }
        if (order.productId() <= 0) {
            return "product id " + order.productId() + " is not positive";
        }
        if (order.quantity() <= 0) {
            return "quantity " + order.quantity() + " is not positive";
        }
        if (order.amountCents() < 0) {
            return "amount " + order.amountCents() + " cents is negative";
        }
        if (order.placedAt() == null) {
            return "placedAt is missing";
        }
        // 0 is what an event from before the sequence field reads as: stored as NULL, like the
        // rows written before it. Only a negative number is impossible.
        if (order.sequence() < 0) {
            return "sequence " + order.sequence() + " is negative";
        }
        return null;
    }
}
