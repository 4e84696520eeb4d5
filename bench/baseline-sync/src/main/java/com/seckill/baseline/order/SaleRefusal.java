package com.seckill.baseline.order;

import com.seckill.baseline.activity.ActivityView;
import com.seckill.common.error.ProblemCode;

import java.time.Instant;

/** Why the rival refuses an order: the same public codes as the suite's order-service answers. */
enum SaleRefusal implements ProblemCode {
    NOT_STARTED("The sale has not started", "The sale has not started yet"),
    ENDED("The sale has ended", "The sale is over"),
    SOLD_OUT("Sold out", "All units of this sale are taken"),
    ALREADY_PURCHASED("Already purchased", "You already bought in this sale");

    private final String title;
    private final String detail;

    SaleRefusal(String title, String detail) {
        this.title = title;
        this.detail = detail;
    }

    /** Why the conditional stock update changed nothing, judged at the instant the update was bound to. */
    static SaleRefusal of(ActivityView activity, Instant now) {
        if (now.isBefore(activity.startAt())) {
            return NOT_STARTED;
        }
        if (!now.isBefore(activity.endAt())) {
            return ENDED;
        }
        return SOLD_OUT;
    }

    @Override
    public int status() {
        return 409;
    }

    @Override
    public String title() {
        return title;
    }

    String detail() {
        return detail;
    }
}
