package com.seckill.product.activity;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
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

    /** Activities not yet over at {@code now} that start by {@code until}: the ones to keep warm. */
    List<Activity> findLiveStartingBy(Instant now, Instant until) {
        return jdbc.sql(SELECT + " WHERE a.end_at > ? AND a.start_at <= ? ORDER BY a.start_at, a.id")
                .params(Timestamp.from(now), Timestamp.from(until))
                .query(MAPPER).list();
    }

    /** The list price of a product, if the product exists. */
    OptionalLong productPrice(long productId) {
        return jdbc.sql("SELECT price_cents FROM products WHERE id = ?").param(productId).query(Long.class).optional()
                .map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    void update(long id, NewActivity activity) {
        jdbc.sql("""
                        UPDATE activities SET title = ?, seckill_price_cents = ?, limit_per_user = ?, start_at = ?, end_at = ?
                        WHERE id = ?
                        """)
                .params(activity.title(), activity.seckillPriceCents(), activity.limitPerUser(),
                        Timestamp.from(activity.startAt()), Timestamp.from(activity.endAt()), id)
                .update();
    }

    long insert(long productId, NewActivity activity) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                        INSERT INTO activities (product_id, title, seckill_price_cents, total_stock, limit_per_user, start_at, end_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """)
                .params(productId, activity.title(), activity.seckillPriceCents(), activity.totalStock(),
                        activity.limitPerUser(), Timestamp.from(activity.startAt()), Timestamp.from(activity.endAt()))
                .update(key);
        return key.getKey().longValue();
    }
}
