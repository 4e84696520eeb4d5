package com.seckill.product.product;

import com.seckill.common.error.SeckillException;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/products")
class ProductController {

    private final ProductCatalog products;

    ProductController(ProductCatalog products) {
        this.products = products;
    }

    @GetMapping
    ProductPage list(@RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
                     @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return products.page(page, size);
    }

    @GetMapping("/{id}")
    ProductView get(@PathVariable long id) {
        return products.find(id).orElseThrow(() -> SeckillException.notFound("Product", id));
    }
}
