package com.seckill.product.catalog;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * How the catalog's read model is cached (seckill.catalog in application.yml).
 *
 * @param keyPrefix     start of every read-model key in Redis
 * @param localTtl      life of an entry in the in-process cache: how long this instance may show a
 *                      value another instance has changed
 * @param localMaxSize  entries per in-process cache, so a scan of ids cannot fill the heap
 * @param redisTtl      base life of a read model in Redis; the warm-up rewrites live activities well
 *                      before it runs out
 * @param productPageTtl life of a cached product page in Redis: a new product shows in listings
 *                      after at most this long (a product by id shows at once)
 * @param missTtl       how long an unknown id is remembered as unknown (penetration guard)
 * @param jitter        each Redis TTL is stretched by a random share up to this, so keys written
 *                      together do not expire together (avalanche guard)
 * @param stockTtl      how long inventory-service's answer of the remaining units is reused; the
 *                      contract lets remainingStock lag by a moment
 * @param stockStaleFor how long the last answer is shown while inventory-service cannot be asked
 * @param warmUp        the scheduled warm-up
 */
@Validated
@ConfigurationProperties("seckill.catalog")
public record CatalogProperties(
        @NotBlank String keyPrefix,
        @NotNull Duration localTtl,
        long localMaxSize,
        @NotNull Duration redisTtl,
        @NotNull Duration productPageTtl,
        @NotNull Duration missTtl,
        @DecimalMin("0.0") @DecimalMax("1.0") double jitter,
        @NotNull Duration stockTtl,
        @NotNull Duration stockStaleFor,
        @NotNull WarmUp warmUp) {

    /**
     * @param interval how often the warm-up runs
     * @param lead     activities starting within this much time (and running ones) are warmed
     */
    public record WarmUp(@NotNull Duration interval, @NotNull Duration lead) {
    }
}
