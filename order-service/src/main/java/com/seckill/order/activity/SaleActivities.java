package com.seckill.order.activity;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.seckill.common.error.ErrorCode;
import com.seckill.common.error.SeckillException;
import com.seckill.order.purchase.PurchaseProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * The sale rules of each activity, kept in memory: at peak, every order reads them and none asks
 * product-service. An entry is refreshed in the background once older than the TTL (readers keep
 * the old value meanwhile, so a burst never waits on product-service) and dropped if it cannot be
 * refreshed for twelve TTLs. Unknown activities are remembered too, so probing ids costs nothing.
 */
@Component
public class SaleActivities {

    private static final Logger log = LoggerFactory.getLogger(SaleActivities.class);

    private final LoadingCache<Long, Optional<SaleActivity>> cache;

    SaleActivities(ProductClient products, PurchaseProperties properties) {
        this.cache = Caffeine.newBuilder()
                .maximumSize(10_000)
                .refreshAfterWrite(properties.activityCacheTtl())
                .expireAfterWrite(properties.activityCacheTtl().multipliedBy(12))
                .build(id -> products.activity(id).map(SaleActivity.Json::toActivity));
    }

    /** The activity, or 404 NOT_FOUND; 503 if product-service cannot say. */
    public SaleActivity get(long activityId) {
        Optional<SaleActivity> activity;
        try {
            activity = cache.get(activityId);
        } catch (RuntimeException e) {
            log.warn("Could not read activity {} from product-service: {}", activityId, e.toString());
            throw new SeckillException(ErrorCode.SERVICE_UNAVAILABLE, "The sale cannot be read right now");
        }
        return activity.orElseThrow(() -> SeckillException.notFound("Activity", activityId));
    }
}
