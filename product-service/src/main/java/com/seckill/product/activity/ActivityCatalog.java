package com.seckill.product.activity;

import com.seckill.common.error.SeckillException;
import com.seckill.product.catalog.CatalogCaches;
import com.seckill.product.catalog.CatalogKeys;
import com.seckill.product.catalog.TwoLevelCache;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/**
 * The activity read model: each activity, and the list of all, through the two-level cache.
 * Status and remaining stock are not part of it; they are added per request from the clock and the
 * live counter, so a cached activity never shows a stale status.
 */
@Component
class ActivityCatalog {

    private final ActivityRepository activities;
    private final CatalogKeys keys;
    private final TwoLevelCache<Activity> byId;
    private final TwoLevelCache<List<Activity>> all;

    ActivityCatalog(ActivityRepository activities, CatalogCaches caches) {
        this.activities = activities;
        this.keys = caches.keys();
        this.byId = caches.create("activity", caches.json().constructType(Activity.class));
        this.all = caches.create("activity-list",
                caches.json().getTypeFactory().constructCollectionType(List.class, Activity.class));
    }

    private Optional<Activity> find(long id) {
        if (id <= 0) {
            return Optional.empty(); // no such id can exist: not worth a cache entry
        }
        return byId.get(keys.activity(id), () -> activities.findById(id));
    }

    /** The activity, or the 404 the public and internal reads answer alike. */
    Activity get(long id) {
        return find(id).orElseThrow(() -> SeckillException.notFound("Activity", id));
    }

    List<Activity> all() {
        return all.get(keys.activityList(), () -> Optional.of(activities.findAll())).orElseThrow();
    }

    /** Writes the activity's read model to Redis and to this instance's cache. */
    void put(Activity activity) {
        byId.put(keys.activity(activity.id()), activity);
    }

    /** Rebuilds the list from MySQL; after an activity is added, and by the warm-up. */
    void refreshList() {
        all.put(keys.activityList(), activities.findAll());
    }
}
