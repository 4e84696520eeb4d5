package com.seckill.baseline.activity;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/** The activities table. Times are stored and compared in UTC (the connection's session zone). */
@Repository
public class ActivityRepository {

    private static final RowMapper<ActivityView> MAPPER = (rs, row) -> new ActivityView(
            Long.toString(rs.getLong("activity_id")),
            rs.getInt("stock"),
            rs.getTimestamp("start_at").toInstant(),
            rs.getTimestamp("end_at").toInstant());

    private final JdbcTemplate jdbc;

    ActivityRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<ActivityView> find(long activityId) {
        return jdbc.query("SELECT activity_id, stock, start_at, end_at FROM activities WHERE activity_id = ?", MAPPER, activityId)
                .stream().findFirst();
    }

    /** Creates the sale or replaces it, and forgets its earlier orders: a benchmark run starts afresh. */
    void replace(long activityId, int stock, Instant startAt, Instant endAt) {
        jdbc.update("""
                        INSERT INTO activities (activity_id, stock, start_at, end_at) VALUES (?, ?, ?, ?)
                        ON DUPLICATE KEY UPDATE stock = VALUES(stock), start_at = VALUES(start_at), end_at = VALUES(end_at)
                        """,
                activityId, stock, Timestamp.from(startAt), Timestamp.from(endAt));
        jdbc.update("DELETE FROM orders WHERE activity_id = ?", activityId);
    }
}
