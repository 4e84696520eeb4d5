package com.seckill.order.purchase;

import com.seckill.common.error.ProblemCode;

/** Why an order or a purchase token is refused: order-service's codes of the public contract. */
enum PurchaseRefusal implements ProblemCode {
    INVALID_SECKILL_TOKEN(403, "The flash-sale token is missing, expired or not yours"),
    SOLD_OUT(409, "Sold out"),
    ALREADY_PURCHASED(409, "Already purchased"),
    LIMIT_EXCEEDED(409, "Purchase limit exceeded"),
    NOT_STARTED(409, "The sale has not started"),
    ENDED(409, "The sale has ended");

    private final int status;
    private final String title;

    PurchaseRefusal(int status, String title) {
        this.status = status;
        this.title = title;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public String title() {
        return title;
    }
}
