package com.seckill.loadtest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts a backlog's rows in MySQL range by range of its ids, and never counts a range again once it is
 * full: a poll every 100 ms then reads only the rows still arriving (through the primary key), not the
 * whole backlog each time, so the count costs MariaDB next to nothing beside the inserts it measures.
 */
final class RowCount {

    private final String table;
    private final List<Backlog.Range> ranges;
    private final long[] rows;

    RowCount(String table, List<Backlog.Range> ranges) {
        this.table = table;
        this.ranges = List.copyOf(ranges);
        this.rows = new long[ranges.size()];
    }

    /** Rows of the backlog in the table now. */
    long count(Connection db) throws SQLException {
        List<Integer> open = open();
        if (!open.isEmpty()) {
            try (PreparedStatement statement = db.prepareStatement(sql(open.size()))) {
                for (int i = 0; i < open.size(); i++) {
                    Backlog.Range range = ranges.get(open.get(i));
                    statement.setInt(3 * i + 1, open.get(i));
                    statement.setLong(3 * i + 2, range.first());
                    statement.setLong(3 * i + 3, range.last());
                }
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        counted(rs.getInt(1), rs.getLong(2));
                    }
                }
            }
        }
        return total();
    }

    /** One count per range not yet full, in one statement. */
    String sql(int ranges) {
        List<String> parts = new ArrayList<>(ranges);
        for (int i = 0; i < ranges; i++) {
            parts.add("SELECT ?, COUNT(*) FROM " + table + " WHERE order_id BETWEEN ? AND ?");
        }
        return String.join(" UNION ALL ", parts);
    }

    /** Indexes of the ranges with rows still to come. */
    List<Integer> open() {
        List<Integer> open = new ArrayList<>();
        for (int i = 0; i < ranges.size(); i++) {
            if (rows[i] < ranges.get(i).size()) {
                open.add(i);
            }
        }
        return open;
    }

    void counted(int range, long count) {
        rows[range] = count;
    }

    long total() {
        long total = 0;
        for (long r : rows) {
            total += r;
        }
        return total;
    }
}
