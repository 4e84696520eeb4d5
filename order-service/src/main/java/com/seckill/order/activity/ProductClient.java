package com.seckill.order.activity;

import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import java.util.Optional;

/**
 * product-service's read of a sale's rules ({@code /internal}: without the live remaining units, so it
 * never waits on inventory-service), found by its Eureka name, in a circuit breaker with a time limiter. A 404 is an answer, not a failure ({@code dismiss404}): unknown ids must never open the
 * breaker for everyone else.
 */
@FeignClient(name = "product-service", contextId = "products", dismiss404 = true)
interface ProductClient {

    @GetMapping("/internal/activities/{activityId}")
    Optional<SaleActivity.Json> activity(@PathVariable("activityId") long activityId);
}
