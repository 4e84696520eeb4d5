package com.seckill.orderconsumer.drain;

import com.seckill.events.order.OrderPlacedEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Writes accepted orders into seckill_order.orders, a batch at a time; writing an order that is
 * already there is a no-op.
 */
@Repository
class OrderWriter {

    /**
     * Hitting the primary key (a redelivered message) or orders_one_row_per_purchase (the same
     * purchase under a second order id) changes nothing. Not INSERT IGNORE: that would also turn
     * real errors (a value that does not fit) into warnings and lose the order. Whether an order that
     * hit the primary key is the row's own order or another one under the same id is checked after
     * the batch, by reading the rows back ({@link StoredOrders}).
     */
    private static final String INSERT = "INSERT INTO orders (order_id, user_id, activity_id, product_id, quantity,"
            + " amount_cents, status, created_at, sequence, pay_by) VALUES ";
    private static final String ROW = "(?, ?, ?, ?, ?, ?, 'CREATED', ?, ?, ?)";
    private static final String ON_DUPLICATE = " ON DUPLICATE KEY UPDATE order_id = order_id";
    private static final int PARAMETERS_PER_ROW = 9;

    /** How many orders of a batch this call inserted, and how many were already there. */
    record Outcome(int written, int duplicates) {
    }

    private final JdbcTemplate jdbc;
    /** One statement text per batch size: batches of a backlog come in a handful of sizes. */
    private final ConcurrentMap<Integer, String> statements = new ConcurrentHashMap<>();

    OrderWriter(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Inserts the orders as CREATED in one multi-row INSERT: one round trip, and one statement, so
     * all of the batch is written or none of it (InnoDB rolls a failed statement back whole; with
     * autocommit it is its own transaction).
     *
     * <p>Each row's affected-rows count (the URL's {@code useAffectedRows}) is 1 when it was inserted
     * and 0 when its key was there and the no-op update left it unchanged, so the statement's count is
     * exactly the orders this call wrote, whatever other instances write meanwhile.
     */
    Outcome insertAll(List<OrderPlacedEvent> orders) {
        if (orders.isEmpty()) {
            return new Outcome(0, 0);
        }
        int written = jdbc.update(statements.computeIfAbsent(orders.size(), OrderWriter::insertOf), statement -> {
            int p = 0;
            for (OrderPlacedEvent order : orders) {
                bind(statement, p, order);
                p += PARAMETERS_PER_ROW;
            }
        });
        return new Outcome(written, orders.size() - written);
    }

    private static void bind(PreparedStatement statement, int offset, OrderPlacedEvent order) throws SQLException {
        statement.setLong(offset + 1, order.orderId());
        statement.setString(offset + 2, order.userId());
        statement.setLong(offset + 3, order.activityId());
        statement.setLong(offset + 4, order.productId());
        statement.setInt(offset + 5, order.quantity());
        statement.setLong(offset + 6, order.amountCents());
        statement.setObject(offset + 7, utc(order.placedAt()));
        if (order.sequence() > 0) {
            statement.setLong(offset + 8, order.sequence());
        } else {
            // an event from before the sequence existed: unknown, as for older rows
            statement.setNull(offset + 8, Types.BIGINT);
        }
        if (order.payBy() == null) {
            statement.setNull(offset + 9, Types.TIMESTAMP);
        } else {
            statement.setObject(offset + 9, utc(order.payBy()));
        }
    }

    /**
     * The columns hold UTC. A LocalDateTime is sent as it is; a java.sql.Timestamp would be converted
     * to the session's zone (UTC too) through a SimpleDateFormat built per value, twice per row.
     */
    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static String insertOf(int rows) {
        StringBuilder sql = new StringBuilder(INSERT.length() + rows * (ROW.length() + 2) + ON_DUPLICATE.length()).append(INSERT);
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ", ").append(ROW);
        }
        return sql.append(ON_DUPLICATE).toString();
    }
}
