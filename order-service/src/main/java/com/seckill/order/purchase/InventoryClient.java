package com.seckill.order.purchase;

import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.List;

/**
 * inventory-service's internal reservation API, found by its Eureka name. Each call runs in a
 * Resilience4j circuit breaker with a time limiter (spring.cloud.openfeign.circuitbreaker): a slow or
 * dead inventory costs a buyer at most the timeout, and nothing while the breaker is open.
 */
@FeignClient(name = "inventory-service", contextId = "inventory", path = "/internal")
interface InventoryClient {

    /**
     * Reserves a batch atomically per activity (stock, per-user limit, idempotency key, and the order
     * message kept in the outbox), and drops the outbox entries of orders whose messages were sent.
     */
    @PostMapping("/reservations")
    Results reserve(@RequestBody Batch batch);

    /** Reservations whose order message nobody confirmed as sent for longer than {@code olderThanMs}. */
    @GetMapping("/reservations/unpublished")
    List<Unpublished> unpublished(@RequestParam("olderThanMs") long olderThanMs, @RequestParam("limit") int limit);

    /** Puts a reservation's units back, exactly once; unknown order ids are fenced off for good. */
    @DeleteMapping("/activities/{activityId}/reservations/{orderId}")
    Release release(@PathVariable("activityId") long activityId, @PathVariable("orderId") long orderId);

    /** {@code replays}: which order, if any, each buyer's Idempotency-Key placed (a retry after the sale sold out). */
    record Batch(List<Item> reservations, List<OrderRef> published, List<Replay> replays) {

        static Batch confirming(List<OrderRef> published) {
            return new Batch(List.of(), published, List.of());
        }
    }

    record Replay(long activityId, String userId, String idempotencyKey) {
    }

    record Item(long activityId, ReservationRequest request) {
    }

    record OrderRef(long activityId, String orderId) {
    }

    /** {@code message}: the order message the reservation keeps until its send is confirmed. */
    record ReservationRequest(String orderId, String userId, int quantity, int limitPerUser, String idempotencyKey,
                              String message) {
    }

    /**
     * One per item and one order id (null: none) per replay of the batch, in its order; {@code unknownReplays}
     * (null from an inventory-service older than it): the positions of replays inventory cannot answer yet
     * (the sale's live stock is missing: Redis lost it and the rebuild is not done), whose null is no "none".
     */
    record Results(List<Reservation> results, List<String> replayed, List<Integer> unknownReplays) {

        boolean replayUnknown(int index) {
            return unknownReplays != null && unknownReplays.contains(index);
        }
    }

    /** status: OK, DUPLICATE, NOT_LOADED, SOLD_OUT, ALREADY_PURCHASED, LIMIT_EXCEEDED, RELEASED. */
    record Reservation(String status, String orderId, Long remaining) {
    }

    record Unpublished(long activityId, String orderId, String message, long reservedAt) {
    }

    /** status: RELEASED, ALREADY_RELEASED, NOT_RESERVED: each means no unit is held for the order any more. */
    record Release(String orderId, String status, Long remaining) {
    }
}
