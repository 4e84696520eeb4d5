package com.seckill.order.purchase;

import com.seckill.common.event.OrderPlacedEvent;

/**
 * One order's way through the transactional send: what to reserve, and what the local transaction
 * (the reservation) found. Handed to the RocketMQ client, which runs the local transaction on the
 * sending thread, so the caller reads the outcome as soon as the send returns.
 */
final class ReservationAttempt {

    private final OrderPlacedEvent order;
    private final int limitPerUser;
    private final String idempotencyKey;
    private InventoryClient.Reservation reservation;
    private RuntimeException failure;

    ReservationAttempt(OrderPlacedEvent order, int limitPerUser, String idempotencyKey) {
        this.order = order;
        this.limitPerUser = limitPerUser;
        this.idempotencyKey = idempotencyKey;
    }

    OrderPlacedEvent order() {
        return order;
    }

    InventoryClient.ReservationRequest request() {
        return new InventoryClient.ReservationRequest(Long.toString(order.orderId()), order.userId(), order.quantity(),
                limitPerUser, idempotencyKey);
    }

    void answered(InventoryClient.Reservation reservation) {
        this.reservation = reservation;
    }

    void failed(RuntimeException failure) {
        this.failure = failure;
    }

    /** inventory-service's answer; null if it gave none (see {@link #failure()}) or was never asked. */
    InventoryClient.Reservation reservation() {
        return reservation;
    }

    RuntimeException failure() {
        return failure;
    }
}
