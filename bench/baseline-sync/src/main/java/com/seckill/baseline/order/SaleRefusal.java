package com.seckill.baseline.order;

import com.seckill.baseline.activity.ActivityView;
import com.seckill.common.error.ErrorCode;

import java.time.Instant;

/** Why the conditional stock update changed nothing, judged at the instant the update was bound to. */
final class SaleRefusal {

    private SaleRefusal() {
    }

    static ErrorCode of(ActivityView activity, Instant now) {
        if (now.isBefore(activity.startAt())) {
            return ErrorCode.NOT_STARTED;
        }
        if (!now.isBefore(activity.endAt())) {
            return ErrorCode.ENDED;
        }
        return ErrorCode.SOLD_OUT;
    }

    static String detail(ErrorCode code) {
        return switch (code) {
            case NOT_STARTED -> "The sale has not started yet";
            case ENDED -> "The sale is over";
            case SOLD_OUT -> "All units of this sale are taken";
            case ALREADY_PURCHASED -> "You already bought in this sale";
            default -> code.title();
        };
    }
}
