package com.seckill.order.query;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;

@Repository
class OrderRepository {

    private static final int MAX_LISTED = 100;

    private static final RowMapper<OrderView> MAPPER = (rs, row) -> new OrderView(
            Long.toString(rs.getLong("order_id")),
            Long.toString(rs.getLong("activity_id")),
            Long.toString(rs.getLong("product_id")),
            rs.getInt("quantity"),
            rs.getLong("amount_cents"),
            rs.getString("status"),
            rs.getTimestamp("created_at").toInstant(),
            Optional.ofNullable(rs.getTimestamp("pay_by")).map(Timestamp::toInstant).orElse(null));

    private static final String SELECT =
            "SELECT order_id, activity_id, product_id, quantity, amount_cents, status, created_at, pay_by FROM orders ";

    private final JdbcClient jdbc;

    OrderRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The owner is part of the query: another user's order is exactly as absent as a missing one. */
    Optional<OrderView> findOwned(long orderId, String userId) {
        return jdbc.sql(SELECT + "WHERE order_id = ? AND user_id = ?").params(orderId, userId).query(MAPPER).optional();
    }

    List<OrderView> findNewestOwned(String userId) {
        return jdbc.sql(SELECT + "WHERE user_id = ? ORDER BY created_at DESC, order_id DESC LIMIT " + MAX_LISTED)
                .param(userId).query(MAPPER).list();
    }
}
