package com.seckill.product.activity;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.util.List;
import java.util.Optional;

@Repository
class ActivityRepository {

    private static final String SELECT = """
            SELECT a.id, a.product_id, a.title, a.seckill_price_cents, p.price_cents AS original_price_cents,
                   a.total_stock, a.limit_per_user, a.start_at, a.end_at
            FROM activities a JOIN products p ON p.id = a.product_id
            """;

    private static final RowMapper<Activity> MAPPER = (rs, row) -> new Activity(
            rs.getLong("id"),
            rs.getLong("product_id"),
            rs.getString("title"),
            rs.getLong("seckill_price_cents"),
            rs.getLong("original_price_cents"),
            rs.getInt("total_stock"),
            rs.getInt("limit_per_user"),
            rs.getTimestamp("start_at").toInstant(),
            rs.getTimestamp("end_at").toInstant());

    private final JdbcClient jdbc;

    ActivityRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<Activity> findAll() {
        return jdbc.sql(SELECT + " ORDER BY a.start_at, a.id").query(MAPPER).list();
    }

    Optional<Activity> findById(long id) {
        return jdbc.sql(SELECT + " WHERE a.id = ?").param(id).query(MAPPER).optional();
    }
}
