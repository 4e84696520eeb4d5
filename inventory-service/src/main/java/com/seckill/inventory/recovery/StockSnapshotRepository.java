package com.seckill.inventory.recovery;

import com.seckill.inventory.stock.StockRecordRepository;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

import java.util.Optional;

/** Reads an activity's record with its movements as one snapshot, for a rebuild of the live stock. */
@Repository
class StockSnapshotRepository {

    private final StockRecordRepository records;
    private final JdbcClient jdbc;

    StockSnapshotRepository(StockRecordRepository records, JdbcClient jdbc) {
        this.records = records;
        this.jdbc = jdbc;
    }

    /**
     * One read-only REPEATABLE READ transaction: the counts and the movements come from one snapshot,
     * so the held orders add up to the record's locked + sold even while the ledger writes.
     */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public Optional<StockSnapshot> read(long activityId) {
        return records.find(activityId).map(record -> new StockSnapshot(record,
                jdbc.sql("""
                                SELECT l.order_id, l.user_id, l.idempotency_key, l.quantity FROM stock_movements l
                                WHERE l.activity_id = ? AND l.kind = 'LOCKED'
                                  AND NOT EXISTS (SELECT 1 FROM stock_movements r WHERE r.order_id = l.order_id AND r.kind = 'RETURNED')
                                ORDER BY l.order_id""")
                        .param(activityId)
                        .query((rs, row) -> new StockSnapshot.HeldOrder(rs.getLong("order_id"), rs.getString("user_id"),
                                rs.getInt("quantity"), rs.getString("idempotency_key")))
                        .list(),
                jdbc.sql("SELECT order_id FROM stock_movements WHERE activity_id = ? AND kind = 'RETURNED' ORDER BY order_id")
                        .param(activityId).query(Long.class).list()));
    }
}
