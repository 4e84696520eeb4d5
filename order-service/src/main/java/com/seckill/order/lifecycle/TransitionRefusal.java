package com.seckill.order.lifecycle;

import com.seckill.common.error.ProblemCode;

/** Why paying or cancelling an order is refused: its code of the public contract. */
enum TransitionRefusal implements ProblemCode {
    ORDER_NOT_PAYABLE;

    @Override
    public int status() {
        return 409;
    }

    @Override
    public String title() {
        return "The order cannot be paid or cancelled in its current state";
    }
}
