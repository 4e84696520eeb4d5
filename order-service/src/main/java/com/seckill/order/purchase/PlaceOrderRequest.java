package com.seckill.order.purchase;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The body of {@code POST /api/activities/{id}/orders}. */
record PlaceOrderRequest(
        @NotNull @Min(1) @Max(100) Integer quantity,
        @NotBlank @Size(max = 200) String token) {
}
