package com.seckill.common.stock;

/**
 * The one place that names the Redis keys of an activity's live stock. inventory-service writes them
 * (the load, and its reservation script that changes them atomically), product-service reads them for
 * {@code remainingStock}; all must agree on the spelling, so none spells it itself.
 *
 * <p>Every key of one activity carries the same hash tag, {@code {<activityId>}}: Redis Cluster places
 * keys by the tag alone, so one Lua script may touch all of an activity's keys (a script may only
 * touch keys of one slot).
 */
public final class StockKeys {

    private static final String PREFIX = "seckill:stock:";

    private StockKeys() {
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

    /** The activity's reservations: a hash orderId → {@code "userId:quantity"}, e.g. {@code seckill:reservations:{42}}. */
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
}
