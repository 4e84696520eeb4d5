package com.seckill.inventory.reservation;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Called by order-service to reserve units of a sale, to undo a reservation whose outcome it could not
 * learn, and (from the broker's check-back) to ask whether one exists. Under {@code /internal}: the
 * gateway routes only {@code /api/**}. Every business outcome (sold out, limit, replay, released, not
 * loaded) is a 200 with its status, which the caller maps to its public answer; only an invalid request
 * is a 400.
 */
@RestController
@RequestMapping("/internal/activities/{activityId}/reservations")
class InternalReservationController {

    private final StockReservations reservations;
    private final StockReleases releases;

    InternalReservationController(StockReservations reservations, StockReleases releases) {
        this.reservations = reservations;
        this.releases = releases;
    }

    @PostMapping
    ReservationResult reserve(@PathVariable long activityId, @Valid @RequestBody ReservationRequest request) {
        return reservations.reserve(activityId, request);
    }

    /** DELETE because it is idempotent: a second call changes nothing (units are returned once). */
    @DeleteMapping("/{orderId}")
    ReleaseResult release(@PathVariable long activityId, @PathVariable @Pattern(regexp = ReservationRequest.ID) String orderId) {
        return releases.release(activityId, orderId);
    }

    @GetMapping("/{orderId}")
    ReservationState state(@PathVariable long activityId, @PathVariable @Pattern(regexp = ReservationRequest.ID) String orderId) {
        return reservations.state(activityId, orderId);
    }
}
