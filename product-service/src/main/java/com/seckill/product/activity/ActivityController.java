package com.seckill.product.activity;

import com.seckill.common.error.SeckillException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

@RestController
@RequestMapping("/api/activities")
class ActivityController {

    private final ActivityRepository activities;
    private final Clock clock;

    ActivityController(ActivityRepository activities, Clock clock) {
        this.activities = activities;
        this.clock = clock;
    }

    @GetMapping
    List<ActivityView> list(@RequestParam(required = false) ActivityStatus status) {
        Instant now = clock.instant();
        return activities.findAll().stream()
                .filter(activity -> status == null || activity.statusAt(now) == status)
                .map(activity -> view(activity, now))
                .toList();
    }

    @GetMapping("/{id}")
    ActivityView get(@PathVariable long id) {
        return activities.findById(id)
                .map(activity -> view(activity, clock.instant()))
                .orElseThrow(() -> SeckillException.notFound("Activity", id));
    }

    // No unit can be sold before the order path exists, so the whole stock remains; the live
    // figure comes from inventory's Redis counter once the catalog reads it.
    private static ActivityView view(Activity activity, Instant now) {
        return ActivityView.of(activity, activity.totalStock(), now);
    }
}
