package com.seckill.orderconsumer.drain;

import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.Timestamp;
import java.util.List;
import java.util.Map;

/** Reads what the drain wrote, per buyer (each test has buyers of its own). */
final class OrdersTable {

    private final JdbcClient jdbc;

    OrdersTable(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long rowsOf(String user) {
        return jdbc.sql("SELECT COUNT(*) FROM orders WHERE user_id = ?").param(user).query(Long.class).single();
    }

    long distinctOrdersOf(String user) {
        return jdbc.sql("SELECT COUNT(DISTINCT order_id) FROM orders WHERE user_id = ?").param(user).query(Long.class).single();
    }

    long rowsWithId(long orderId) {
        return jdbc.sql("SELECT COUNT(*) FROM orders WHERE order_id = ?").param(orderId).query(Long.class).single();
    }

    Map<String, Object> row(long orderId) {
        return jdbc.sql("SELECT * FROM orders WHERE order_id = ?").param(orderId).query().singleRow();
    }

    /** When MySQL inserted each of the buyer's rows, in milliseconds, ascending. */
    List<Long> insertTimesOf(String user) {
        return jdbc.sql("SELECT updated_at FROM orders WHERE user_id = ? ORDER BY updated_at").param(user)
                .query((rs, n) -> rs.getTimestamp(1))
                .list().stream().map(Timestamp::getTime).toList();
    }
}
