package com.seckill.order.query;

import com.seckill.common.error.SeckillException;

/** Order ids are opaque to clients: a malformed one is simply an order that does not exist (404). */
public final class OrderIdParameter {

    private OrderIdParameter() {
    }

    public static long parse(String orderId) {
        try {
            return Long.parseLong(orderId);
        } catch (NumberFormatException e) {
            throw SeckillException.notFound("Order", orderId);
        }
    }
}
