package com.seckill.inventory.recovery;

/**
 * The outcome of a rebuild of an activity's live stock from its record.
 *
 * @param activityId    the activity, as a string like every id of the public contract
 * @param rebuilt       true when Redis had lost the counter and it was rebuilt now; false when a counter
 *                      was there (nothing is ever overwritten)
 * @param remaining     the counter afterwards
 * @param reservedUnits the reserved total afterwards (null when absent)
 * @param buyers        users whose bought units were restored; null when not rebuilt
 * @param heldOrders    reservations restored (created and paid orders); null when not rebuilt
 */
public record StockRebuildResult(String activityId, boolean rebuilt, Long remaining, Long reservedUnits, Integer buyers,
                                 Integer heldOrders) {
}
