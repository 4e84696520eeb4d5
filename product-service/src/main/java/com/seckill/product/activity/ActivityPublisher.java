package com.seckill.product.activity;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Makes an activity ready for its sale: its read model into Redis (and this instance's cache), and
 * its stock loaded by inventory-service. Safe to repeat: the read model is overwritten with the same
 * data, and inventory loads the stock only if it is absent.
 *
 * <p>A failed stock load does not fail the caller: the activity is saved, and the scheduled warm-up
 * publishes it again before it starts. Metric {@code seckill.catalog.publications} (outcome
 * published|failed) shows whether that is happening.
 */
@Component
class ActivityPublisher {

    private static final Logger log = LoggerFactory.getLogger(ActivityPublisher.class);

    private final ActivityCatalog catalog;
    private final InventoryClient inventory;
    private final MeterRegistry meters;

    ActivityPublisher(ActivityCatalog catalog, InventoryClient inventory, MeterRegistry meters) {
        this.catalog = catalog;
        this.inventory = inventory;
        this.meters = meters;
    }

    /** @return whether inventory-service confirmed the stock */
    boolean publish(Activity activity) {
        catalog.put(activity);
        try {
            inventory.loadStock(activity.id(), new InventoryClient.StockLoad(activity.totalStock()));
            meters.counter("seckill.catalog.publications", "outcome", "published").increment();
            return true;
        } catch (RuntimeException e) {
            meters.counter("seckill.catalog.publications", "outcome", "failed").increment();
            log.warn("Could not publish the stock of activity {} to inventory-service (the warm-up retries): {}",
                    activity.id(), e.toString());
            return false;
        }
    }
}
