package com.seckill.product.activity;

import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.List;
import java.util.Map;

/**
 * inventory-service's internal stock API, found by its Eureka name. Each call runs in a Resilience4j
 * circuit breaker with a time limiter (spring.cloud.openfeign.circuitbreaker): a slow or down
 * inventory fails fast instead of holding admin requests or the warm-up.
 */
@FeignClient(name = "inventory-service", contextId = "inventory", path = "/internal")
interface InventoryClient {

    /** Idempotent: loads the stock into Redis only if absent, and answers what is there. */
    @PutMapping("/activities/{activityId}/stock")
    StockState loadStock(@PathVariable("activityId") long activityId, @RequestBody StockLoad request);

    /**
     * The remaining units of each activity whose stock is loaded, by id; an activity left out was never
     * loaded (nothing of it sold). At most 500 ids a call.
     */
    @GetMapping("/stock/remaining")
    Map<String, Long> remaining(@RequestParam("activityIds") List<Long> activityIds);

    /** This service's copy of inventory's request body. */
    record StockLoad(int totalStock) {
    }

    /** This service's copy of inventory's answer. */
    record StockState(String activityId, int totalStock, long remaining, boolean loaded) {
    }
}
