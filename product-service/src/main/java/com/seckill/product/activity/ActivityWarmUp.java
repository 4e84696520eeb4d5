package com.seckill.product.activity;

import com.seckill.product.catalog.CatalogProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Keeps the read model of every sale that is running or about to run in Redis, so that when a sale
 * opens no read reaches MySQL:
 * <ul>
 *   <li>at start-up, every activity not yet over (a restart in the middle of a sale re-warms; the
 *       stock is loaded only if absent, so units sold are not reset);</li>
 *   <li>every {@code seckill.catalog.warm-up.interval}, every activity running or starting within
 *       {@code seckill.catalog.warm-up.lead}: this also retries a publication that failed, and
 *       rewrites the Redis read model long before its TTL runs out.</li>
 * </ul>
 * Timer {@code seckill.catalog.warmup} (tags trigger=startup|scheduled, outcome=ok|failed) counts
 * the runs and their durations; {@code seckill.catalog.warmup.activities} the activities warmed.
 */
@Component
class ActivityWarmUp implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ActivityWarmUp.class);

    /** Later than any start time MySQL's DATETIME can hold: "whenever it starts". */
    private static final Instant END_OF_TIME = Instant.parse("9999-12-31T00:00:00Z");

    private final ActivityRepository activities;
    private final ActivityCatalog catalog;
    private final ActivityPublisher publisher;
    private final CatalogProperties properties;
    private final Clock clock;
    private final MeterRegistry meters;

    ActivityWarmUp(ActivityRepository activities, ActivityCatalog catalog, ActivityPublisher publisher,
                   CatalogProperties properties, Clock clock, MeterRegistry meters) {
        this.activities = activities;
        this.catalog = catalog;
        this.publisher = publisher;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
    }

    @Override
    public void run(ApplicationArguments args) {
        warm("startup", END_OF_TIME);
    }

    @Scheduled(initialDelayString = "${seckill.catalog.warm-up.interval}", fixedDelayString = "${seckill.catalog.warm-up.interval}")
    void scheduled() {
        warm("scheduled", clock.instant().plus(properties.warmUp().lead()));
    }

    /** @return how many activities were warmed */
    int warm(String trigger, Instant startingBy) {
        Timer.Sample sample = Timer.start(meters);
        String outcome = "failed";
        try {
            List<Activity> live = activities.findLiveStartingBy(clock.instant(), startingBy);
            catalog.refreshList();
            long published = live.stream().filter(publisher::publish).count();
            meters.counter("seckill.catalog.warmup.activities", "trigger", trigger).increment(live.size());
            outcome = published == live.size() ? "ok" : "failed";
            log.info("Warm-up ({}): {} activities in the read model, {} with stock confirmed by inventory",
                    trigger, live.size(), published);
            return live.size();
        } catch (RuntimeException e) {
            // Never stop the service or the schedule for this: the next run tries again.
            log.warn("Warm-up ({}) failed: {}", trigger, e.toString());
            return 0;
        } finally {
            sample.stop(Timer.builder("seckill.catalog.warmup")
                    .description("Runs of the catalog warm-up and how long they took")
                    .tag("trigger", trigger).tag("outcome", outcome)
                    .register(meters));
        }
    }
}
