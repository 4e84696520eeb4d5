package com.seckill.common.stock;

/**
 * The one place that names the Redis keys of an activity's live stock. inventory-service writes them,
 * product-service reads them for {@code remainingStock}, and the reservation script of order-service
 * will change them atomically; all must agree on the spelling, so none spells it itself.
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
}
