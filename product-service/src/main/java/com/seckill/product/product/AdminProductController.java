package com.seckill.product.product;

import com.seckill.common.web.Caller;
import com.seckill.product.catalog.AdminRequests;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

/** {@code POST /api/admin/products}: 201 with the product. */
@RestController
@RequestMapping("/api/admin/products")
class AdminProductController {

    private final ProductCatalog catalog;
    private final AdminRequests requests;

    AdminProductController(ProductCatalog catalog, AdminRequests requests) {
        this.catalog = catalog;
        this.requests = requests;
    }

    @PostMapping
    ResponseEntity<ProductView> create(Caller caller, @RequestBody(required = false) NewProduct request) {
        ProductView product = catalog.create(requests.check(caller, request));
        return ResponseEntity.created(URI.create("/api/products/" + product.id())).body(product);
    }
}
