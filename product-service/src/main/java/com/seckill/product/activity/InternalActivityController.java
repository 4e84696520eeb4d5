package com.seckill.product.activity;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;

/**
 * A sale's rules for order-service, which checks every order against them: the same cached read as
 * the public one, without the live remaining units. An order needs no count from here (inventory
 * decides), so order-service never waits on, nor fails with, inventory-service through this service.
 * Under {@code /internal}: the gateway does not route it.
 */
@RestController
@RequestMapping("/internal/activities")
class InternalActivityController {

    /** What an order is checked against. */
    record SaleRules(String id, String productId, long seckillPriceCents, int totalStock, int limitPerUser,
                     Instant startAt, Instant endAt) {
    }

    private final ActivityCatalog catalog;

    InternalActivityController(ActivityCatalog catalog) {
        this.catalog = catalog;
    }

    @GetMapping("/{id}")
    SaleRules rules(@PathVariable long id) {
        Activity a = catalog.get(id);
        return new SaleRules(Long.toString(a.id()), Long.toString(a.productId()), a.seckillPriceCents(), a.totalStock(),
                a.limitPerUser(), a.startAt(), a.endAt());
    }
}
