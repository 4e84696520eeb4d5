package com.seckill.inventory.stock;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.util.Optional;

/** The MySQL record of each activity's stock (table activity_stock; the stock ledger moves its units). */
@Repository
class StockRecordRepository {

    /** The columns of a record: total = available + locked + sold (a CHECK in the table). */
    record StockRecord(long activityId, int total, int available, int locked, int sold) {
    }

    private final JdbcClient jdbc;

    StockRecordRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts the record with the whole stock available, unless it exists: a re-publish never resets it. */
    boolean insertIfAbsent(long activityId, int total) {
        return jdbc.sql("INSERT IGNORE INTO activity_stock (activity_id, total, available) VALUES (?, ?, ?)")
                .params(activityId, total, total).update() == 1;
    }

    Optional<StockRecord> find(long activityId) {
        return jdbc.sql("SELECT activity_id, total, available, locked, sold FROM activity_stock WHERE activity_id = ?")
                .param(activityId)
                .query((rs, row) -> new StockRecord(rs.getLong("activity_id"), rs.getInt("total"), rs.getInt("available"),
                        rs.getInt("locked"), rs.getInt("sold")))
                .optional();
    }
}
