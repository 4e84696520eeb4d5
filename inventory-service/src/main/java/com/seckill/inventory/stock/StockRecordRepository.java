package com.seckill.inventory.stock;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.util.List;
import java.util.Optional;

/** The MySQL record of each activity's stock (table activity_stock; the stock ledger moves its units). */
@Repository
public class StockRecordRepository {

    /**
     * The columns of a record: total = available + locked + sold (a CHECK in the table); and the units
     * cancelled orders returned to available (their RETURNED movements).
     */
    public record StockRecord(long activityId, int total, int available, int locked, int sold, int returned) {
    }

    private final JdbcClient jdbc;

    StockRecordRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts the record with the whole stock available, unless it exists: a re-publish never resets it. */
    public boolean insertIfAbsent(long activityId, int total) {
        return jdbc.sql("INSERT IGNORE INTO activity_stock (activity_id, total, available) VALUES (?, ?, ?)")
                .params(activityId, total, total).update() == 1;
    }

    /** One statement, so the counts and the returned units are read as of one instant. */
    public Optional<StockRecord> find(long activityId) {
        return jdbc.sql("""
                        SELECT s.activity_id, s.total, s.available, s.locked, s.sold,
                               (SELECT COALESCE(SUM(m.quantity), 0) FROM stock_movements m
                                 WHERE m.activity_id = s.activity_id AND m.kind = 'RETURNED') AS returned
                        FROM activity_stock s WHERE s.activity_id = ?""")
                .param(activityId)
                .query((rs, row) -> new StockRecord(rs.getLong("activity_id"), rs.getInt("total"), rs.getInt("available"),
                        rs.getInt("locked"), rs.getInt("sold"), rs.getInt("returned")))
                .optional();
    }

    /** Every activity with a stock record. */
    public List<Long> activityIds() {
        return jdbc.sql("SELECT activity_id FROM activity_stock ORDER BY activity_id").query(Long.class).list();
    }
}
