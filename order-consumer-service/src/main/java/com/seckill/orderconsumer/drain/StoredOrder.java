package com.seckill.orderconsumer.drain;

import com.seckill.events.order.OrderPlacedEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An order row as MySQL holds it, with what an {@link OrderPlacedEvent} carries (not its status, which
 * order-service moves): enough to tell a redelivered message from another order under the same id.
 *
 * @param sequence null for rows written before the sequence existed (events without one carry 0)
 * @param payBy    null for orders from before payment timeouts
 */
record StoredOrder(long orderId, String userId, long activityId, long productId, int quantity, long amountCents,
                   Instant createdAt, Long sequence, Instant payBy) {

    /**
     * What differs between this row and the event, by field name; empty when the event is the order
     * this row was written from. User, activity and sequence name one purchase; product, quantity and
     * amount are what was bought.
     *
     * <p>The times are not compared. Two orders under one id were stamped in the same millisecond
     * (the id carries it), so they would tell nothing apart, and what the row keeps of them depends on
     * the server: MySQL Connector/J sends no fractional seconds to MariaDB (which it takes for MySQL
     * 5.5 from its version string), so there a redelivery's placedAt differs from its row's.
     */
    List<String> differencesFrom(OrderPlacedEvent event) {
        List<String> differences = new ArrayList<>();
        if (!userId.equals(event.userId())) {
            differences.add("userId");
        }
        if (activityId != event.activityId()) {
            differences.add("activityId");
        }
        if (productId != event.productId()) {
            differences.add("productId");
        }
        if (quantity != event.quantity()) {
            differences.add("quantity");
        }
        if (amountCents != event.amountCents()) {
            differences.add("amountCents");
        }
        if (!Objects.equals(sequence, event.sequence() > 0 ? event.sequence() : null)) {
            differences.add("sequence");
        }
        return differences;
    }

    /** "user u1, activity 7, product 3, quantity 1, 9900 cents, placed 2026-...Z, sequence 5, pay by ..." */
    String describe() {
        return describe(userId, activityId, productId, quantity, amountCents, createdAt, sequence == null ? "none" : sequence, payBy);
    }

    static String describe(OrderPlacedEvent event) {
        return describe(event.userId(), event.activityId(), event.productId(), event.quantity(), event.amountCents(),
                event.placedAt(), event.sequence() > 0 ? event.sequence() : "none", event.payBy());
    }

    private static String describe(String user, long activity, long product, int quantity, long amountCents, Instant placed,
                                   Object sequence, Instant payBy) {
        return "user " + user + ", activity " + activity + ", product " + product + ", quantity " + quantity + ", "
                + amountCents + " cents, placed " + placed + ", sequence " + sequence + ", pay by " + (payBy == null ? "none" : payBy);
    }
}
