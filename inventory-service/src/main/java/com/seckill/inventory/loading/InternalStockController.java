package com.seckill.inventory.loading;

import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Called by product-service (Feign, by Eureka name) when it publishes an activity. Under
 * {@code /internal}: the gateway routes only {@code /api/**}, so clients never reach it. PUT because
 * it is idempotent: calling it again changes nothing.
 */
@RestController
@RequestMapping("/internal/activities/{activityId}/stock")
class InternalStockController {

    private final StockLoader loader;

    InternalStockController(StockLoader loader) {
        this.loader = loader;
    }

    @PutMapping
    StockState load(@PathVariable long activityId, @Valid @RequestBody StockLoadRequest request) {
        return loader.load(activityId, request.totalStock());
    }
}
