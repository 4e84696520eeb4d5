package com.seckill.baseline.order;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Objects;

/** The two statements of the naive order: take stock conditionally, write the order. */
@Repository
class OrderRepository {

    private final JdbcTemplate jdbc;

    OrderRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Atomic check-and-take: 1 if the sale is on and has the units, 0 otherwise. The sale window is
     * compared with a bound UTC instant, not NOW(), so it never depends on the server's time zone.
     */
    int takeStock(long activityId, int quantity, Instant now) {
        Timestamp at = Timestamp.from(now);
        return jdbc.update("""
                        UPDATE activities SET stock = stock - ?
                        WHERE activity_id = ? AND stock >= ? AND start_at <= ? AND end_at > ?
                        """,
                quantity, activityId, quantity, at, at);
    }

    /** The new order's id; a second order of the same user in the same sale fails on the unique key. */
    long insert(long activityId, String userId, int quantity, Instant now) {
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO orders (activity_id, user_id, quantity, created_at) VALUES (?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS);
            insert.setLong(1, activityId);
            insert.setString(2, userId);
            insert.setInt(3, quantity);
            insert.setTimestamp(4, Timestamp.from(now));
            return insert;
        }, key);
        return Objects.requireNonNull(key.getKey(), "no generated order id").longValue();
    }
}
