package com.seckill.product.activity;

import com.seckill.common.web.Caller;
import com.seckill.product.catalog.AdminRequests;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Clock;

/**
 * {@code POST /api/admin/activities}: 201 with the activity, its read model and stock already
 * published. {@code PUT /api/admin/activities/{id}} (same body) changes and re-publishes it.
 */
@RestController
@RequestMapping("/api/admin/activities")
class AdminActivityController {

    private final ActivityAdminService admin;
    private final AdminRequests requests;
    private final RemainingStock stock;
    private final Clock clock;

    AdminActivityController(ActivityAdminService admin, AdminRequests requests, RemainingStock stock, Clock clock) {
        this.admin = admin;
        this.requests = requests;
        this.stock = stock;
        this.clock = clock;
    }

    @PostMapping
    ResponseEntity<ActivityView> create(Caller caller, @RequestBody(required = false) NewActivity request) {
        Activity activity = admin.create(requests.check(caller, request));
        return ResponseEntity.created(URI.create("/api/activities/" + activity.id()))
                .body(ActivityView.of(activity, activity.totalStock(), clock.instant()));
    }

    @PutMapping("/{id}")
    ActivityView update(Caller caller, @PathVariable long id, @RequestBody(required = false) NewActivity request) {
        Activity activity = admin.update(id, requests.check(caller, request));
        return ActivityView.of(activity, stock.of(activity), clock.instant());
    }
}
