package com.seckill.orderconsumer.drain;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * A real write failure, no mock: a locking read of a missing order id holds the index gap where that
 * id would go, so inserting it waits for the lock and fails after innodb_lock_wait_timeout, until
 * the lock is released.
 */
final class GapLock implements AutoCloseable {

    private final Connection connection;

    private GapLock(Connection connection) {
        this.connection = connection;
    }

    static GapLock onOrder(DataSource dataSource, long orderId) throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            connection.setAutoCommit(false);
            try (PreparedStatement select = connection.prepareStatement("SELECT order_id FROM orders WHERE order_id = ? FOR UPDATE")) {
                select.setLong(1, orderId);
                select.executeQuery().close();
            }
            return new GapLock(connection);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
    }

    @Override
    public void close() throws SQLException {
        try {
            connection.rollback();
        } finally {
            connection.close();
        }
    }
}
