package com.seckill.product.product;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

import java.util.List;
import java.util.Optional;

@Repository
class ProductRepository {

    private static final RowMapper<ProductView> MAPPER = (rs, row) -> new ProductView(
            Long.toString(rs.getLong("id")),
            rs.getString("name"),
            rs.getString("description"),
            rs.getLong("price_cents"),
            rs.getString("image_url"));

    private final JdbcClient jdbc;

    ProductRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<ProductView> findPage(int page, int size) {
        return jdbc.sql("SELECT id, name, description, price_cents, image_url FROM products ORDER BY id LIMIT ? OFFSET ?")
                .params(size, (long) page * size)
                .query(MAPPER)
                .list();
    }

    long count() {
        return jdbc.sql("SELECT COUNT(*) FROM products").query(Long.class).single();
    }

    long insert(NewProduct product) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO products (name, description, price_cents, image_url) VALUES (?, ?, ?, ?)")
                .params(product.name(), product.description(), product.priceCents(), product.imageUrl())
                .update(key);
        return key.getKey().longValue();
    }

    Optional<ProductView> findById(long id) {
        return jdbc.sql("SELECT id, name, description, price_cents, image_url FROM products WHERE id = ?")
                .param(id)
                .query(MAPPER)
                .optional();
    }
}
