package com.seckill.product.product;

/** The public JSON of a product (api.md). */
public record ProductView(String id, String name, String description, long priceCents, String imageUrl) {
}
