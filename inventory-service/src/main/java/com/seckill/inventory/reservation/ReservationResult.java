package com.seckill.inventory.reservation;

/**
 * The outcome of a reservation. {@code orderId} is the reserved order (OK) or the first one (DUPLICATE),
 * otherwise null; {@code remaining} is the activity's remaining units, null when it was never loaded.
 * The buyer's purchase sequence is not part of it: order-service assigns that itself.
 */
public record ReservationResult(Status status, String orderId, Long remaining) {

    public enum Status {
        /** Reserved: the units are taken from the stock and counted for the user. */
        OK,
        /** A replay of an idempotency key (or of an order id) already reserved; nothing changed. */
        DUPLICATE,
        /** The order id was released (or fenced off by a release that came first); nothing reserved. */
        RELEASED,
        /** The activity's stock was never loaded into Redis. */
        NOT_LOADED,
        /** Fewer units left than asked for. */
        SOLD_OUT,
        /** The user already holds limitPerUser units. */
        ALREADY_PURCHASED,
        /** The user holds fewer than limitPerUser units, but this quantity would go over it. */
        LIMIT_EXCEEDED
    }
}
