package com.seckill.inventory.loading;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** What product-service tells about a published activity: how many units it sells in total. */
public record StockLoadRequest(@Min(1) @Max(10_000_000) int totalStock) {
}
