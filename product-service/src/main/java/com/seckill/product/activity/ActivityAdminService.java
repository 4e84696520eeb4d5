package com.seckill.product.activity;

import com.seckill.common.error.ErrorCode;
import com.seckill.common.error.SeckillException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;

/** Creates activities and publishes them, so their cache is warm and their stock loaded before they start. */
@Service
class ActivityAdminService {

    private final ActivityRepository activities;
    private final ActivityCatalog catalog;
    private final ActivityPublisher publisher;
    private final Clock clock;

    ActivityAdminService(ActivityRepository activities, ActivityCatalog catalog, ActivityPublisher publisher, Clock clock) {
        this.activities = activities;
        this.catalog = catalog;
        this.publisher = publisher;
        this.clock = clock;
    }

    Activity create(NewActivity request) {
        checkWindow(request);
        long productId = Long.parseLong(request.productId());
        // An unknown product is a fault in the request body, not a missing resource at this URL: 400.
        long originalPrice = activities.productPrice(productId).orElseThrow(
                () -> invalid("productId: product " + productId + " does not exist"));
        long id;
        try {
            id = activities.insert(productId, request);
        } catch (DataIntegrityViolationException e) {
            throw invalid("productId: product " + productId + " does not exist");
        }
        Activity activity = new Activity(id, productId, request.title(), request.seckillPriceCents(), originalPrice,
                request.totalStock(), request.limitPerUser(), trimToMillis(request.startAt()), trimToMillis(request.endAt()));
        publisher.publish(activity);
        catalog.refreshList();
        return activity;
    }

    /**
     * Changes title, price, limit or window, and publishes the activity again. Product and total stock
     * stay: units may already be sold against that stock, and inventory loads it only once.
     */
    Activity update(long id, NewActivity request) {
        Activity existing = activities.findById(id).orElseThrow(() -> SeckillException.notFound("Activity", id));
        checkWindow(request);
        if (Long.parseLong(request.productId()) != existing.productId()) {
            throw invalid("productId: an activity cannot move to another product");
        }
        if (request.totalStock() != existing.totalStock()) {
            throw invalid("totalStock: cannot change once the activity is published");
        }
        activities.update(id, request);
        Activity activity = new Activity(id, existing.productId(), request.title(), request.seckillPriceCents(),
                existing.originalPriceCents(), existing.totalStock(), request.limitPerUser(),
                trimToMillis(request.startAt()), trimToMillis(request.endAt()));
        publisher.publish(activity);
        catalog.refreshList();
        return activity;
    }

    private void checkWindow(NewActivity request) {
        if (!request.startAt().isBefore(request.endAt())) {
            throw invalid("startAt: must be before endAt");
        }
        if (!request.endAt().isAfter(clock.instant())) {
            throw invalid("endAt: must be in the future");
        }
    }

    /** MySQL keeps milliseconds (DATETIME(3)); answer what a later read will answer. */
    private static Instant trimToMillis(Instant instant) {
        return Instant.ofEpochMilli(instant.toEpochMilli());
    }

    private static SeckillException invalid(String detail) {
        return new SeckillException(ErrorCode.VALIDATION_FAILED, detail);
    }
}
