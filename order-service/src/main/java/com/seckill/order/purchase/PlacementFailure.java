package com.seckill.order.purchase;

/**
 * No decision for an order: {@code outcome} names what was missing (the metric's tag). Thrown for a
 * whole batch at once, so no stack trace is filled in; the cause is logged where it happened.
 */
final class PlacementFailure extends RuntimeException {

    private final String outcome;

    PlacementFailure(String outcome, String message) {
        super(message, null, false, false);
        this.outcome = outcome;
    }

    String outcome() {
        return outcome;
    }
}
