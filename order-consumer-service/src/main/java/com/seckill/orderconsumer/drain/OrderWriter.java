package com.seckill.orderconsumer.drain;

import com.seckill.common.event.OrderPlacedEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.sql.Types;
import java.util.List;

/**
 * Writes accepted orders into seckill_order.orders, a batch at a time; writing an order that is
 * already there is a no-op.
 */
@Repository
class OrderWriter {

    /**
     * Hitting the primary key (a redelivered message) or orders_one_row_per_purchase (the same
     * purchase under a second order id) changes nothing. Not INSERT IGNORE: that would also turn
     * real errors (a value that does not fit) into warnings and lose the order.
     */
    private static final String INSERT = """
            INSERT INTO orders (order_id, user_id, activity_id, product_id, quantity, amount_cents, status, created_at, sequence, pay_by)
            VALUES (?, ?, ?, ?, ?, ?, 'CREATED', ?, ?, ?)
            ON DUPLICATE KEY UPDATE order_id = order_id
            """;

    /** How many orders of a batch this call inserted, and how many were already there. */
    record Outcome(int written, int duplicates) {
    }

    private final JdbcTemplate jdbcTemplate;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;

    OrderWriter(JdbcTemplate jdbcTemplate, JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbcTemplate = jdbcTemplate;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        // The second count must see this transaction's own inserts but none that another instance
        // commits meanwhile, so both counts read the one snapshot the first of them takes.
        this.transaction.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    }

    /**
     * Inserts the orders as CREATED, in one transaction and one JDBC batch (one multi-row INSERT
     * on the wire), skipping those already there.
     *
     * <p>The driver cannot say which rows of a rewritten batch were new: it reports "success, no
     * info" for each. So the orders of the batch are counted before and after the insert; the
     * difference is what this call wrote.
     */
    Outcome insertAll(List<OrderPlacedEvent> orders) {
        if (orders.isEmpty()) {
            return new Outcome(0, 0);
        }
        List<Long> orderIds = orders.stream().map(OrderPlacedEvent::orderId).distinct().toList();
        return transaction.execute(status -> {
            long before = countPresent(orderIds);
            jdbcTemplate.batchUpdate(INSERT, orders, orders.size(), (statement, order) -> {
                statement.setLong(1, order.orderId());
                statement.setString(2, order.userId());
                statement.setLong(3, order.activityId());
                statement.setLong(4, order.productId());
                statement.setInt(5, order.quantity());
                statement.setLong(6, order.amountCents());
                statement.setTimestamp(7, Timestamp.from(order.placedAt()));
                if (order.sequence() > 0) {
                    statement.setLong(8, order.sequence());
                } else {
                    // an event from before the sequence existed: unknown, as for older rows
                    statement.setNull(8, Types.BIGINT);
                }
                statement.setTimestamp(9, order.payBy() == null ? null : Timestamp.from(order.payBy()));
            });
            int written = Math.toIntExact(countPresent(orderIds) - before);
            return new Outcome(written, orders.size() - written);
        });
    }

    private long countPresent(List<Long> orderIds) {
        return jdbc.sql("SELECT COUNT(*) FROM orders WHERE order_id IN (:ids)")
                .param("ids", orderIds)
                .query(Long.class)
                .single();
    }
}
