package com.seckill.inventory.loading;

/**
 * The stock of an activity after a load. {@code loaded} is false when Redis already held a counter,
 * which the load then left as it was: units already sold stay sold.
 */
public record StockState(String activityId, int totalStock, long remaining, boolean loaded) {
}
