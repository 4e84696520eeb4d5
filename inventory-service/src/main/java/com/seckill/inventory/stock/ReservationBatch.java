package com.seckill.inventory.stock;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * What order-service's group commit sends in one call: the reservations of the orders that arrived
 * together (any activities, decided in the order given), and the orders whose messages it has sent since
 * its last call, whose outbox entries can go.
 */
public record ReservationBatch(
        @NotNull @Size(max = MAX_ORDERS) List<@Valid @NotNull Reservation> reservations,
        @NotNull @Size(max = MAX_PUBLISHED) List<@Valid @NotNull OrderRef> published) {

    static final int MAX_ORDERS = 1_000;
    static final int MAX_PUBLISHED = 10_000;

    public record Reservation(long activityId, @NotNull @Valid ReservationRequest request) {
    }

    public record OrderRef(long activityId, @NotNull @Pattern(regexp = ReservationRequest.ID) String orderId) {
    }

    /** One answer per reservation, in the order of the request. */
    public record Results(List<ReservationResult> results) {
    }
}
