package com.seckill.baseline.activity;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Instant;

/** The body of {@code PUT /api/baseline/activities/{id}}: ISO-8601 instants. */
record PutActivityRequest(
        @NotNull @Min(0) @Max(100_000_000) Integer stock,
        @NotNull Instant startAt,
        @NotNull Instant endAt) {
}
