package com.seckill.orderconsumer.drain;

import com.seckill.common.event.OrderPlacedEvent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;

/** Writes accepted orders into seckill_order.orders; writing the same order twice is a no-op. */
@Repository
class OrderWriter {

    private final JdbcClient jdbc;

    OrderWriter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Inserts the order as CREATED unless it is already there. A redelivered message hits the
     * primary key and changes nothing (not INSERT IGNORE, which would also hide real errors).
     *
     * @return true if this call inserted the row
     */
    boolean insertIfAbsent(OrderPlacedEvent order) {
        int affected = jdbc.sql("""
                        INSERT INTO orders (order_id, user_id, activity_id, product_id, quantity, amount_cents, status, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, 'CREATED', ?)
                        ON DUPLICATE KEY UPDATE order_id = order_id
                        """)
                .params(order.orderId(), order.userId(), order.activityId(), order.productId(), order.quantity(),
                        order.amountCents(), Timestamp.from(order.placedAt()))
                .update();
        return affected == 1;
    }
}
