package com.seckill.inventory.reservation;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A reservation asked for by order-service. Ids are plain tokens (letters, digits, {@code _}, {@code -}),
 * so they can never contain the {@code :} that separates fields in the script's hashes.
 * {@code idempotencyKey} may be absent or empty: then no replay check is made. {@code message} is the
 * order message the reservation owes the broker, kept in the outbox until its send is confirmed
 * (opaque here); absent or empty: the caller publishes it some other way and nothing is kept.
 */
public record ReservationRequest(
        @NotNull @Pattern(regexp = ID) String orderId,
        @NotNull @Pattern(regexp = ID) String userId,
        @Min(1) @Max(MAX_QUANTITY) int quantity,
        @Min(1) @Max(MAX_QUANTITY) int limitPerUser,
        @Size(max = 128) @Pattern(regexp = "[\\x21-\\x7E]*") String idempotencyKey,
        @Size(max = MAX_MESSAGE) String message) {

    static final String ID = "[A-Za-z0-9_-]{1,64}";
    static final int MAX_QUANTITY = 100;
    static final int MAX_MESSAGE = 4096;

    public ReservationRequest(String orderId, String userId, int quantity, int limitPerUser, String idempotencyKey) {
        this(orderId, userId, quantity, limitPerUser, idempotencyKey, null);
    }
}
