package com.seckill.product.product;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/** The body of {@code POST /api/admin/products}. */
public record NewProduct(
        @NotBlank @Size(max = 200) String name,
        @NotNull @Size(max = 10_000) String description,
        @NotNull @Positive Long priceCents,
        @Size(max = 500) @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL") String imageUrl) {
}
