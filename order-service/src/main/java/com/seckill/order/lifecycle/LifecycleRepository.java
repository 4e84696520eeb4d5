package com.seckill.order.lifecycle;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.util.Optional;

@Repository
class LifecycleRepository {

    private static final RowMapper<OrderRow> MAPPER = (rs, row) -> {
        Timestamp payBy = rs.getTimestamp("pay_by");
        return new OrderRow(rs.getLong("order_id"), rs.getString("user_id"), rs.getLong("activity_id"), rs.getInt("quantity"),
                rs.getString("status"), rs.getString("status_change_id"), payBy == null ? null : payBy.toInstant());
    };

    private final JdbcClient jdbc;

    LifecycleRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<OrderRow> find(long orderId) {
        return jdbc.sql("SELECT order_id, user_id, activity_id, quantity, status, status_change_id, pay_by FROM orders WHERE order_id = ?")
                .param(orderId).query(MAPPER).optional();
    }

    /**
     * The only way a status changes: compare-and-set. A late or repeated message finds the status
     * already moved on and changes nothing. The winner leaves its change id on the row.
     */
    boolean compareAndSet(long orderId, String expected, String next, String changeId) {
        return jdbc.sql("UPDATE orders SET status = ?, status_change_id = ? WHERE order_id = ? AND status = ?")
                .params(next, changeId, orderId, expected).update() == 1;
    }
}
