package com.seckill.inventory.stock;

import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Called by order-service to reserve units of a sale. Under {@code /internal}: the gateway routes only
 * {@code /api/**}. Every business outcome (sold out, limit, replay, not loaded) is a 200 with its status,
 * which the caller maps to its public answer; only an invalid request is a 400.
 */
@RestController
@RequestMapping("/internal/activities/{activityId}/reservations")
class InternalReservationController {

    private final StockReservations reservations;

    InternalReservationController(StockReservations reservations) {
        this.reservations = reservations;
    }

    @PostMapping
    ReservationResult reserve(@PathVariable long activityId, @Valid @RequestBody ReservationRequest request) {
        return reservations.reserve(activityId, request);
    }
}
