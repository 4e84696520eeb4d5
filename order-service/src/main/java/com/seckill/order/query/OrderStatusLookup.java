package com.seckill.order.query;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The current status of an order: its row's, or PENDING while the queue has not delivered it. */
@Component
public class OrderStatusLookup {

    private final JdbcClient jdbc;

    OrderStatusLookup(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public String statusOf(long orderId) {
        return jdbc.sql("SELECT status FROM orders WHERE order_id = ?").param(orderId).query(String.class)
                .optional().orElse(OrderView.PENDING);
    }
}
