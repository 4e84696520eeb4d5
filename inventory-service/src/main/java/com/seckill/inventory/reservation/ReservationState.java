package com.seckill.inventory.reservation;

/** Whether an order holds a reservation, for the broker's check-back of order-service's transactional message. */
public record ReservationState(String orderId, State state) {

    public enum State {
        /** Units are held for the order: its message may be committed. */
        RESERVED,
        /** Released, or fenced off before any reservation: it can never hold units. */
        RELEASED,
        /** Nothing known about the order id (a reservation may still be on its way). */
        ABSENT
    }
}
