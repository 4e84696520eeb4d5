package com.seckill.inventory.reservation;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.util.List;

/**
 * order-service's group commit: many reservations in one call, and the outbox of order messages that
 * reservations still owe the broker. Under {@code /internal}: the gateway routes only {@code /api/**}.
 */
@RestController
@Validated
@RequestMapping("/internal/reservations")
class InternalReservationBatchController {

    private final BatchReservations batches;
    private final UnpublishedOrders unpublished;

    InternalReservationBatchController(BatchReservations batches, UnpublishedOrders unpublished) {
        this.batches = batches;
        this.unpublished = unpublished;
    }

    @PostMapping
    ReservationBatch.Results reserve(@Valid @RequestBody ReservationBatch batch) {
        return batches.reserve(batch);
    }

    @GetMapping("/unpublished")
    List<UnpublishedOrder> unpublished(@RequestParam @Min(0) long olderThanMs, @RequestParam(defaultValue = "500") @Min(1) @Max(5_000) int limit) {
        return unpublished.olderThan(Duration.ofMillis(olderThanMs), limit);
    }
}
