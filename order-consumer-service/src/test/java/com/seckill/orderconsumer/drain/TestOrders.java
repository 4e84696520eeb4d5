package com.seckill.orderconsumer.drain;

import com.seckill.events.order.OrderPlacedEvent;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

/**
 * Orders of a buyer no other test run ever used, so that the (user, activity, sequence) key never
 * meets a row of an earlier run in the long-lived test schema.
 */
final class TestOrders {

    static final long ACTIVITY = 7;
    static final long PRODUCT = 3;

    private TestOrders() {
    }

    static String newUser() {
        return "it-" + UUID.randomUUID();
    }

    static long newOrderId() {
        return ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    }

    static OrderPlacedEvent order(String user, int sequence) {
        return new OrderPlacedEvent(newOrderId(), user, ACTIVITY, PRODUCT, 1, 9_900, Instant.now().truncatedTo(ChronoUnit.MILLIS), sequence, null);
    }

    /** The buyer's purchases 1..count. */
    static List<OrderPlacedEvent> orders(String user, int count) {
        return IntStream.rangeClosed(1, count).mapToObj(sequence -> order(user, sequence)).toList();
    }
}
