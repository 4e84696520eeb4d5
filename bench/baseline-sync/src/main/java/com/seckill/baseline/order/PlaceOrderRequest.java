package com.seckill.baseline.order;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** The body of {@code POST /api/baseline/activities/{id}/orders}: one unit per order, one order per user. */
record PlaceOrderRequest(@NotNull @Min(1) @Max(1) Integer quantity) {
}
