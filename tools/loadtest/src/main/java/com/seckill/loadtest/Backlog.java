package com.seckill.loadtest;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The orders of the drain phase: {@code count} accepted orders of one sale, one new buyer each, as
 * order-service would have accepted them, and their {@code OrderPlacedEvent} bodies byte for byte as
 * order-service sends them (its JSON mapper: the record's fields in order, instants in ISO-8601).
 *
 * <p>Order ids follow order-service's layout (41 bits of milliseconds since 2026-01-01, 10 bits of
 * worker id, 12 bits of sequence) under worker id {@value #WORKER}, which no local order-service uses
 * (it takes the low bits of its address, 1 for 127.0.0.1): they cannot meet a real order's id. One
 * millisecond holds 4,096 consecutive ids, so the backlog is a few ranges of consecutive ids.
 */
final class Backlog {

    /** order-service's topic of accepted orders, drained by order-consumer-service and inventory's ledger. */
    static final String TOPIC = "seckill-order-placed-v1";
    static final int WORKER = 1023;
    static final int IDS_PER_MILLI = 4096;
    private static final Instant ID_EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    /** What order-service allows in a user id; nothing in it needs escaping in JSON. */
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    record Order(long orderId, String userId, long activityId, long productId, int quantity, long amountCents,
                 Instant placedAt, long sequence, Instant payBy) {

        /**
         * The body order-service sends: its mapper writes the record's components in their order, nulls too
         * (a backlog's orders were placed without an Idempotency-Key).
         */
        String json() {
            return "{\"orderId\":" + orderId + ",\"userId\":\"" + userId + "\",\"activityId\":" + activityId
                    + ",\"productId\":" + productId + ",\"quantity\":" + quantity + ",\"amountCents\":" + amountCents
                    + ",\"placedAt\":\"" + placedAt + "\",\"sequence\":" + sequence
                    + ",\"payBy\":" + (payBy == null ? "null" : "\"" + payBy + "\"") + ",\"idempotencyKey\":null}";
        }
    }

    private final List<Order> orders;

    private Backlog(List<Order> orders) {
        this.orders = orders;
    }

    /**
     * {@code count} orders of one unit each, placed {@code now} (to the millisecond, as order-service
     * stamps them) and due for payment {@code payWithin} later, or never when it is null (an order
     * without payBy, like those from before payment timeouts existed: no timer, never cancelled by one);
     * buyer i is {@code <userPrefix>i}, on their first purchase (sequence 1).
     */
    static Backlog of(int count, ShopAdmin.Sale sale, String userPrefix, Instant now, Duration payWithin) {
        Instant placedAt = now.truncatedTo(ChronoUnit.MILLIS);
        Instant payBy = payWithin == null ? null : placedAt.plus(payWithin);
        long activityId = Long.parseLong(sale.activityId());
        long firstMilli = ChronoUnit.MILLIS.between(ID_EPOCH, placedAt);
        List<Order> orders = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String user = userPrefix + i;
            if (!USER.matcher(user).matches()) {
                throw new IllegalArgumentException("not a user id order-service would accept: " + user);
            }
            long id = orderId(firstMilli + i / IDS_PER_MILLI, i % IDS_PER_MILLI);
            orders.add(new Order(id, user, activityId, sale.productId(), 1, sale.priceCents(), placedAt, 1, payBy));
        }
        return new Backlog(List.copyOf(orders));
    }

    static long orderId(long milli, int sequence) {
        return (milli << 22) | ((long) WORKER << 12) | sequence;
    }

    List<Order> orders() {
        return orders;
    }

    int size() {
        return orders.size();
    }

    List<String> orderIds() {
        return orders.stream().map(o -> Long.toString(o.orderId())).toList();
    }

    /** The backlog's ids as runs of consecutive ids (one per millisecond of the id layout), in order. */
    List<Range> ranges() {
        return ranges(0, orders.size());
    }

    /** The ids of orders {@code from} (inclusive) to {@code to} (exclusive) as runs of consecutive ids. */
    List<Range> ranges(int from, int to) {
        List<Range> ranges = new ArrayList<>();
        for (int i = from; i < to; ) {
            int end = i;
            while (end + 1 < to && orders.get(end + 1).orderId() == orders.get(end).orderId() + 1) {
                end++;
            }
            ranges.add(new Range(orders.get(i).orderId(), orders.get(end).orderId()));
            i = end + 1;
        }
        return ranges;
    }

    /** Order ids {@code first} to {@code last}, all of them in the backlog. */
    record Range(long first, long last) {

        long size() {
            return last - first + 1;
        }
    }
}
