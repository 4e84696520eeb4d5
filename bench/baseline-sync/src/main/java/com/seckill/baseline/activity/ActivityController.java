package com.seckill.baseline.activity;

import com.seckill.common.error.ErrorCode;
import com.seckill.common.error.SeckillException;
import com.seckill.common.web.Caller;
import jakarta.validation.Valid;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.temporal.ChronoUnit;

/**
 * The rival's sales. {@code PUT} (ADMIN) is how the benchmark sets the rival up through the gateway:
 * it creates or replaces the sale and clears its earlier orders. {@code GET} reads it back.
 */
@RestController
@RequestMapping("/api/baseline/activities/{activityId}")
class ActivityController {

    private final ActivityRepository activities;
    private final TransactionTemplate transactions;

    ActivityController(ActivityRepository activities, TransactionTemplate transactions) {
        this.activities = activities;
        this.transactions = transactions;
    }

    @PutMapping
    ActivityView put(Caller caller, @PathVariable long activityId, @Valid @RequestBody PutActivityRequest request) {
        if (!caller.isAdmin()) {
            throw new SeckillException(ErrorCode.FORBIDDEN, "This needs the ADMIN role");
        }
        if (!request.endAt().isAfter(request.startAt())) {
            throw new SeckillException(ErrorCode.VALIDATION_FAILED, "endAt must be after startAt");
        }
        // Answers what was stored, as a GET will read it: DATETIME(3) keeps milliseconds (and
        // mysql-connector-j sends MariaDB 10.x whole seconds only, taking it for MySQL 5.5).
        return transactions.execute(tx -> {
            activities.replace(activityId, request.stock(), request.startAt().truncatedTo(ChronoUnit.MILLIS),
                    request.endAt().truncatedTo(ChronoUnit.MILLIS));
            return activities.find(activityId).orElseThrow();
        });
    }

    @GetMapping
    ActivityView get(@PathVariable long activityId) {
        return activities.find(activityId).orElseThrow(() -> SeckillException.notFound("Activity", activityId));
    }
}
