package com.seckill.inventory.reservation;

/**
 * The outcome of a release. Whatever the status, no unit is held for the order afterwards and none can
 * be any more. {@code remaining} is the activity's remaining units, null when the counter is absent.
 */
public record ReleaseResult(String orderId, Status status, Long remaining) {

    public enum Status {
        /** The reservation existed; its units are back in the stock. */
        RELEASED,
        /** Released before; nothing changed (units are never returned twice). */
        ALREADY_RELEASED,
        /** No reservation existed; the order id is fenced off, so a late reservation with it is refused. */
        NOT_RESERVED
    }
}
