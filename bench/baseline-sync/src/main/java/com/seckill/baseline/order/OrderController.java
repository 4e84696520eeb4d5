package com.seckill.baseline.order;

import com.seckill.common.error.ErrorCode;
import com.seckill.common.error.SeckillException;
import com.seckill.common.web.Caller;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.regex.Pattern;

/** {@code POST /api/baseline/activities/{id}/orders}: 201 with the order, written before the answer. */
@RestController
class OrderController {

    // The same user ids order-service accepts, and what fits the orders.user_id column.
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final SyncOrderPlacement placement;

    OrderController(SyncOrderPlacement placement) {
        this.placement = placement;
    }

    // The caller comes first: a request without the gateway's identity is 401 whatever its body.
    @PostMapping("/api/baseline/activities/{activityId}/orders")
    @ResponseStatus(HttpStatus.CREATED)
    OrderCreated order(Caller caller, @PathVariable long activityId, @Valid @RequestBody PlaceOrderRequest request) {
        if (!USER_ID.matcher(caller.userId()).matches()) {
            throw new SeckillException(ErrorCode.VALIDATION_FAILED, "This user id cannot buy in flash sales");
        }
        return placement.place(activityId, caller.userId(), request.quantity());
    }
}
