package com.seckill.baseline.order;

/** The answer to an accepted order: it is in MySQL already, so CREATED rather than PENDING. */
record OrderCreated(String orderId, String status) {

    static OrderCreated of(long orderId) {
        return new OrderCreated(Long.toString(orderId), "CREATED");
    }
}
