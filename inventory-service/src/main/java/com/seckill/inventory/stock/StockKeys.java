package com.seckill.inventory.stock;

import java.util.List;

/**
 * The one place that names the Redis keys of an activity's live stock, which are inventory-service's
 * alone: it writes them (the load, and its reservation script that changes them atomically) and answers
 * other services from them ({@link InternalRemainingStockController}). Its tests, and the bench's
 * measurement of the reservation script, read the layout from here.
 *
 * <p>Every key of one activity carries the same hash tag, {@code {<activityId>}}: Redis Cluster places
 * keys by the tag alone, so one Lua script may touch all of an activity's keys (a script may only
 * touch keys of one slot).
 */
public final class StockKeys {

    private static final String PREFIX = "seckill:stock:";

    private StockKeys() {
    }

    /**
     * Every key of the activity's live stock, in the order inventory's reservation and release scripts
     * take them as {@code KEYS}: remaining, bought, reservations, idempotency, released, reserved units,
     * unpublished, unpublished since.
     */
    public static List<String> all(long activityId) {
        return List.of(remaining(activityId), bought(activityId), reservations(activityId), idempotency(activityId),
                released(activityId), reservedUnits(activityId), unpublished(activityId), unpublishedSince(activityId));
    }

    /** The cluster hash tag shared by every per-activity key, e.g. {@code {42}}. */
    public static String hashTag(long activityId) {
        return "{" + activityId + "}";
    }

    /** The remaining units of the activity as a Redis integer, e.g. {@code seckill:stock:{42}}. */
    public static String remaining(long activityId) {
        return PREFIX + hashTag(activityId);
    }

    /** Units each user has reserved in the activity: a hash userId → units, e.g. {@code seckill:bought:{42}}. */
    public static String bought(long activityId) {
        return "seckill:bought:" + hashTag(activityId);
    }

    /**
     * The activity's live reservations: a hash orderId → {@code "userId:quantity:idempotencyKey"}
     * (the key last: it may itself contain {@code :}; empty when none was given), e.g.
     * {@code seckill:reservations:{42}}.
     */
    public static String reservations(long activityId) {
        return "seckill:reservations:" + hashTag(activityId);
    }

    /**
     * Idempotency keys already answered in the activity: a hash {@code "userId:key"} → orderId, e.g.
     * {@code seckill:idempotency:{42}}.
     */
    public static String idempotency(long activityId) {
        return "seckill:idempotency:" + hashTag(activityId);
    }

    /**
     * Order ids that can never reserve again: a hash orderId → {@code RELEASED} (its reservation was put
     * back) or {@code TOMBSTONE} (released before any reservation arrived). E.g. {@code seckill:released:{42}}.
     */
    public static String released(long activityId) {
        return "seckill:released:" + hashTag(activityId);
    }

    /**
     * Units held by the activity's live (not released) reservations, a Redis integer kept by the
     * reservation and release scripts, so nobody has to sum the reservations hash. E.g.
     * {@code seckill:reserved-units:{42}}.
     */
    public static String reservedUnits(long activityId) {
        return "seckill:reserved-units:" + hashTag(activityId);
    }

    /**
     * The order messages the activity's reservations still owe the broker (the outbox): a hash
     * orderId → the message, written by the reservation in the same atomic step, removed once the
     * publisher has confirmed the send (or the reservation is released). E.g. {@code seckill:unpublished:{42}}.
     */
    public static String unpublished(long activityId) {
        return "seckill:unpublished:" + hashTag(activityId);
    }

    /**
     * When each entry of {@link #unpublished} was reserved: a sorted set orderId → epoch milliseconds, so
     * that the entries nobody confirmed for too long (their publisher died) are found by age. E.g.
     * {@code seckill:unpublished-since:{42}}.
     */
    public static String unpublishedSince(long activityId) {
        return "seckill:unpublished-since:" + hashTag(activityId);
    }

    /**
     * Written by inventory-service when it finds it absent and checked every second: a Redis that no
     * longer has it lost its data (a restart without persistence, a flush), not just one activity's keys.
     * Not per activity, so it has no hash tag. {@code seckill:stock-marker}.
     */
    public static String dataMarker() {
        return "seckill:stock-marker";
    }
}
