package com.seckill.product.activity;

import com.seckill.product.catalog.IdDeserializer;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.annotation.JsonDeserialize;

import java.time.Instant;

/**
 * The body of {@code POST /api/admin/activities}. {@code productId} is a string like every id in the
 * contract; a JSON number is accepted too. The window (start before end, end in the future) is
 * checked by {@link ActivityAdminService}, since it spans two fields and the clock.
 */
public record NewActivity(
        @NotNull @JsonDeserialize(using = IdDeserializer.class)
        @Pattern(regexp = "[1-9][0-9]{0,17}", message = "must be the id of a product") String productId,
        @NotBlank @Size(max = 200) String title,
        @NotNull @Positive Long seckillPriceCents,
        @NotNull @Positive @Max(10_000_000) Integer totalStock,
        @NotNull @Min(1) Integer limitPerUser,
        @NotNull Instant startAt,
        @NotNull Instant endAt) {
}
