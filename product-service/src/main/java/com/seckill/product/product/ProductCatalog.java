package com.seckill.product.product;

import com.seckill.product.catalog.CatalogCaches;
import com.seckill.product.catalog.CatalogKeys;
import com.seckill.product.catalog.TwoLevelCache;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * The product read model through the two-level cache. A product by id is exact (written at
 * creation); a listing page may lag a new product by {@code seckill.catalog.product-page-ttl}, since
 * pages are not evicted one by one.
 */
@Component
class ProductCatalog {

    private final ProductRepository products;
    private final CatalogKeys keys;
    private final TwoLevelCache<ProductView> byId;
    private final TwoLevelCache<ProductPage> pages;

    ProductCatalog(ProductRepository products, CatalogCaches caches) {
        this.products = products;
        this.keys = caches.keys();
        this.byId = caches.create("product", caches.json().constructType(ProductView.class));
        this.pages = caches.create("product-page", caches.json().constructType(ProductPage.class),
                caches.properties().productPageTtl());
    }

    Optional<ProductView> find(long id) {
        if (id <= 0) {
            return Optional.empty();
        }
        return byId.get(keys.product(id), () -> products.findById(id));
    }

    ProductPage page(int page, int size) {
        return pages.get(keys.productPage(page, size),
                () -> Optional.of(new ProductPage(products.findPage(page, size), page, size, products.count())))
                .orElseThrow();
    }

    ProductView create(NewProduct product) {
        long id = products.insert(product);
        ProductView view = new ProductView(Long.toString(id), product.name(), product.description(),
                product.priceCents(), product.imageUrl());
        byId.put(keys.product(id), view);
        return view;
    }
}
