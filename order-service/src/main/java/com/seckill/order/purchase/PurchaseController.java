package com.seckill.order.purchase;

import com.seckill.common.error.ErrorCode;
import com.seckill.common.error.SeckillException;
import com.seckill.common.web.Caller;
import com.seckill.common.web.Deadline;
import com.seckill.order.activity.SaleActivities;
import com.seckill.order.activity.SaleActivity;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/** The flash-sale calls of a buyer: a purchase token, then an order with it. */
@RestController
@RequestMapping("/api/activities/{activityId}")
class PurchaseController {

    // What inventory-service accepts as ids and keys in its reservation records.
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,128}");

    private final OrderPlacement placement;
    private final PurchaseTokens tokens;
    private final SaleActivities activities;
    private final SoldOutFlags soldOut;
    private final PurchaseProperties properties;
    private final Clock clock;

    PurchaseController(OrderPlacement placement, PurchaseTokens tokens, SaleActivities activities, SoldOutFlags soldOut,
                       PurchaseProperties properties, Clock clock) {
        this.placement = placement;
        this.tokens = tokens;
        this.activities = activities;
        this.soldOut = soldOut;
        this.properties = properties;
        this.clock = clock;
    }

    /** Only while the sale is on. An order after the sale's end is refused as ENDED, whatever its token. */
    @PostMapping("/token")
    PurchaseToken token(@PathVariable long activityId, Caller caller) {
        String userId = checkedUserId(caller);
        if (soldOut.refusesToken(activityId)) {
            throw new SeckillException(PurchaseRefusal.SOLD_OUT, "All units of this sale are taken");
        }
        SaleActivity activity = activities.get(activityId);
        Instant now = clock.instant();
        placement.checkWindow(activity, now);
        Instant expiresAt = now.plus(properties.tokenTtl()).truncatedTo(ChronoUnit.SECONDS);
        return new PurchaseToken(tokens.issue(activityId, userId, expiresAt), expiresAt);
    }

    @PostMapping("/orders")
    @ResponseStatus(HttpStatus.ACCEPTED)
    OrderAccepted order(@PathVariable long activityId, @Valid @RequestBody PlaceOrderRequest request,
                        @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey, Caller caller,
                        Deadline deadline) {
        if (idempotencyKey != null && !IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
            throw new SeckillException(ErrorCode.VALIDATION_FAILED, "Idempotency-Key must be 1 to 128 printable ASCII characters");
        }
        return placement.place(activityId, checkedUserId(caller), request, idempotencyKey, deadline);
    }

    private static String checkedUserId(Caller caller) {
        if (!USER_ID.matcher(caller.userId()).matches()) {
            throw new SeckillException(ErrorCode.VALIDATION_FAILED, "This user id cannot buy in flash sales");
        }
        return caller.userId();
    }
}
