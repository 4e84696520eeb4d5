package com.seckill.product.catalog;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;

/** Makes the catalog's two-level caches, all with the same settings and metrics. */
@Component
public class CatalogCaches {

    private final CatalogProperties properties;
    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final MeterRegistry meters;

    CatalogCaches(CatalogProperties properties, StringRedisTemplate redis, JsonMapper json, MeterRegistry meters) {
        this.properties = properties;
        this.redis = redis;
        this.json = json;
        this.meters = meters;
    }

    /** A cache whose Redis entries live {@code seckill.catalog.redis-ttl}. */
    public <V> TwoLevelCache<V> create(String name, JavaType type) {
        return create(name, type, properties.redisTtl());
    }

    public <V> TwoLevelCache<V> create(String name, JavaType type, Duration redisTtl) {
        return new TwoLevelCache<>(name, type, redisTtl, properties, redis, json, meters);
    }

    public CatalogKeys keys() {
        return new CatalogKeys(properties.keyPrefix());
    }

    public JsonMapper json() {
        return json;
    }

    public CatalogProperties properties() {
        return properties;
    }
}
