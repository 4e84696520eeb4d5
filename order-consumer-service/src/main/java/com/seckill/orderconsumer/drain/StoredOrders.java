package com.seckill.orderconsumer.drain;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Reads back order rows by id: what a batch's duplicates collided with. */
@Repository
class StoredOrders {

    private static final String SELECT = "SELECT order_id, user_id, activity_id, product_id, quantity, amount_cents, created_at,"
            + " sequence, pay_by FROM orders WHERE order_id IN (";

    private final JdbcTemplate jdbc;
    /** One statement text per number of ids, as for the insert. */
    private final ConcurrentMap<Integer, String> statements = new ConcurrentHashMap<>();

    StoredOrders(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The rows of these order ids that exist, by order id: one query, by primary key. */
    Map<Long, StoredOrder> byIds(Collection<Long> orderIds) {
        Map<Long, StoredOrder> found = new HashMap<>();
        if (orderIds.isEmpty()) {
            return found;
        }
        jdbc.query(statements.computeIfAbsent(orderIds.size(), StoredOrders::selectOf), statement -> {
            int p = 1;
            for (long id : orderIds) {
                statement.setLong(p++, id);
            }
        }, (ResultSet rs) -> {
            StoredOrder row = read(rs);
            found.put(row.orderId(), row);
        });
        return found;
    }

    private static StoredOrder read(ResultSet rs) throws SQLException {
        return new StoredOrder(rs.getLong("order_id"), rs.getString("user_id"), rs.getLong("activity_id"), rs.getLong("product_id"),
                rs.getInt("quantity"), rs.getLong("amount_cents"), utc(rs.getObject("created_at", LocalDateTime.class)),
                rs.getObject("sequence", Long.class), utc(rs.getObject("pay_by", LocalDateTime.class)));
    }

    /** The columns hold UTC (see OrderWriter). */
    private static Instant utc(LocalDateTime value) {
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }

    private static String selectOf(int ids) {
        StringBuilder sql = new StringBuilder(SELECT.length() + ids * 3 + 1).append(SELECT);
        for (int i = 0; i < ids; i++) {
            sql.append(i == 0 ? "?" : ", ?");
        }
        return sql.append(')').toString();
    }
}
