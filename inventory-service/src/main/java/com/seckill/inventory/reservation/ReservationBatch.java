package com.seckill.inventory.reservation;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * What order-service's group commit sends in one call: the reservations of the orders that arrived
 * together (any activities, decided in the order given), the orders whose messages it has sent since
 * its last call, whose outbox entries can go, and the look-ups of retries that came after their sale
 * sold out (which order, if any, the buyer's Idempotency-Key placed). {@code replays} may be absent.
 */
public record ReservationBatch(
        @NotNull @Size(max = MAX_ORDERS) List<@Valid @NotNull Reservation> reservations,
        @NotNull @Size(max = MAX_PUBLISHED) List<@Valid @NotNull OrderRef> published,
        @Size(max = MAX_ORDERS) List<@Valid @NotNull Replay> replays) {

    public ReservationBatch {
        replays = replays == null ? List.of() : replays;
    }

    public ReservationBatch(List<Reservation> reservations, List<OrderRef> published) {
        this(reservations, published, List.of());
    }

    static final int MAX_ORDERS = 1_000;
    static final int MAX_PUBLISHED = 10_000;

    public record Reservation(long activityId, @NotNull @Valid ReservationRequest request) {
    }

    public record OrderRef(long activityId, @NotNull @Pattern(regexp = ReservationRequest.ID) String orderId) {
    }

    public record Replay(long activityId, @NotNull @Pattern(regexp = ReservationRequest.ID) String userId,
                         @NotNull @Size(min = 1, max = 128) @Pattern(regexp = "[\\x21-\\x7E]*") String idempotencyKey) {
    }

    /**
     * One answer per reservation and one order id (null: none) per replay, each in the order of the request;
     * {@code unknownReplays}: the positions of the replays that cannot be answered yet (their activity has
     * no live stock: never loaded, or Redis lost it with the keys' record and the rebuild is not done), for
     * which null does not mean "none".
     */
    public record Results(List<ReservationResult> results, List<String> replayed, List<Integer> unknownReplays) {
    }
}
