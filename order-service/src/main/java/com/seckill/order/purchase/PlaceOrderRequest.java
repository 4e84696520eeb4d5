package com.seckill.order.purchase;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /api/activities/{id}/orders}. {@code token} may be left out unless the shop
 * requires purchase tokens ({@code SECKILL_PURCHASE_TOKEN_REQUIRED}); one that is given must be valid.
 */
record PlaceOrderRequest(
        @NotNull @Min(1) @Max(100) Integer quantity,
        @Size(min = 1, max = 200) String token) {
}
