package com.seckill.product.activity;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

@RestController
@RequestMapping("/api/activities")
class ActivityController {

    private final ActivityCatalog catalog;
    private final RemainingStock stock;
    private final Clock clock;

    ActivityController(ActivityCatalog catalog, RemainingStock stock, Clock clock) {
        this.catalog = catalog;
        this.stock = stock;
        this.clock = clock;
    }

    @GetMapping
    List<ActivityView> list(@RequestParam(required = false) ActivityStatus status) {
        Instant now = clock.instant();
        List<Activity> shown = catalog.all().stream()
                .filter(activity -> status == null || activity.statusAt(now) == status)
                .toList();
        Map<Long, Integer> remaining = stock.of(shown);
        return shown.stream()
                .map(activity -> ActivityView.of(activity, remaining.get(activity.id()), now))
                .toList();
    }

    @GetMapping("/{id}")
    ActivityView get(@PathVariable long id) {
        Activity activity = catalog.get(id);
        return ActivityView.of(activity, stock.of(activity), clock.instant());
    }
}
