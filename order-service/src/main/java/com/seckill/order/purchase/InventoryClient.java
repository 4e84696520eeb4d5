package com.seckill.order.purchase;

import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;

/**
 * inventory-service's internal reservation API, found by its Eureka name. Each call runs in a
 * Resilience4j circuit breaker with a time limiter (spring.cloud.openfeign.circuitbreaker): a slow or
 * dead inventory costs a buyer at most the timeout, and nothing while the breaker is open.
 */
@FeignClient(name = "inventory-service", contextId = "inventory", path = "/internal/activities")
interface InventoryClient {

    /** Reserves atomically (stock, per-user limit, idempotency key); every business outcome is a 200. */
    @PostMapping("/{activityId}/reservations")
    Reservation reserve(@PathVariable("activityId") long activityId, @RequestBody ReservationRequest request);

    /** Puts a reservation's units back, exactly once; unknown order ids are fenced off for good. */
    @DeleteMapping("/{activityId}/reservations/{orderId}")
    Release release(@PathVariable("activityId") long activityId, @PathVariable("orderId") long orderId);

    /** Whether the reservation of an order exists: the broker's check-back asks this. */
    @GetMapping("/{activityId}/reservations/{orderId}")
    ReservationState state(@PathVariable("activityId") long activityId, @PathVariable("orderId") long orderId);

    record ReservationRequest(String orderId, String userId, int quantity, int limitPerUser, String idempotencyKey) {
    }

    /** status: OK, DUPLICATE, NOT_LOADED, SOLD_OUT, ALREADY_PURCHASED, LIMIT_EXCEEDED, RELEASED. */
    record Reservation(String status, String orderId, Long remaining) {
    }

    /** status: RELEASED, ALREADY_RELEASED, NOT_RESERVED: each means no unit is held for the order any more. */
    record Release(String orderId, String status, Long remaining) {
    }

    /** state: RESERVED, RELEASED or ABSENT. */
    record ReservationState(String orderId, String state) {
    }
}
