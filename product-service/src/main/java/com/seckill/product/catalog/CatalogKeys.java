package com.seckill.product.catalog;

/**
 * Redis keys of product-service's read model, owned by this service alone (the live stock is
 * inventory-service's, asked of it: {@code activity/RemainingStock}). They start with the schema's name
 * (seckill.catalog.key-prefix): the read model is a copy of one schema, so two suites sharing one
 * Redis with different schemas (a development suite beside its tests) never read each other's copy.
 */
public record CatalogKeys(String prefix) {

    public String activity(long id) {
        return prefix + "activity:" + id;
    }

    public String activityList() {
        return prefix + "activities";
    }

    public String product(long id) {
        return prefix + "product:" + id;
    }

    public String productPage(int page, int size) {
        return prefix + "products:page:" + page + ":" + size;
    }
}
