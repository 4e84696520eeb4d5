package com.seckill.loadtest;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What must hold after a sale, read from MySQL itself (not from the shop being measured): every
 * accepted order is there exactly once and nothing else is, no unit was sold twice, no buyer holds
 * more than the limit.
 */
final class Invariants {

    record Check(String sale, String name, boolean holds, String detail) {
    }

    private final String jdbcUrl;
    private final String user;
    private final String password;

    Invariants(String jdbcUrl, String user, String password) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    /**
     * Waits (up to {@code drain}) until the table holds as many orders of the sale as were accepted,
     * then checks. The wait is the queue draining; a count that never gets there fails the first check.
     */
    List<Check> check(String sale, String table, String activityId, List<String> accepted, int units,
                      int limitPerUser, Duration drain) throws SQLException, InterruptedException {
        List<Check> checks = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(jdbcUrl, user, password)) {
            long started = System.nanoTime();
            long rows = count(db, table, activityId);
            while (rows < accepted.size() && System.nanoTime() - started < drain.toNanos()) {
                Thread.sleep(200);
                rows = count(db, table, activityId);
            }
            String waited = String.format(java.util.Locale.ROOT, "%.1f s after the load", (System.nanoTime() - started) / 1e9);
            Set<String> stored = orderIds(db, table, activityId);
            Set<String> acceptedIds = new HashSet<>(accepted);
            checks.add(new Check(sale, "orders in MySQL == accepted", rows == accepted.size() && stored.equals(acceptedIds),
                    rows + " rows, " + accepted.size() + " accepted, " + missing(acceptedIds, stored) + " missing, "
                            + missing(stored, acceptedIds) + " unexpected (" + waited + ")"));
            checks.add(new Check(sale, "no duplicate order", accepted.size() == acceptedIds.size() && rows == stored.size(),
                    acceptedIds.size() + " distinct of " + accepted.size() + " accepted ids"));
            long sold = sum(db, "SELECT COALESCE(SUM(quantity), 0) FROM " + table + " WHERE activity_id = ?", activityId);
            checks.add(new Check(sale, "no oversell", sold <= units, sold + " units sold of " + units));
            long most = sum(db, "SELECT COALESCE(MAX(units), 0) FROM (SELECT SUM(quantity) units FROM " + table
                    + " WHERE activity_id = ? GROUP BY user_id) per_buyer", activityId);
            checks.add(new Check(sale, "no buyer over the limit", most <= limitPerUser,
                    "most units held by one buyer: " + most + ", limit " + limitPerUser));
        }
        return checks;
    }

    /** MariaDB's count of SELECT statements so far, server-wide: a phase's delta shows reads that reached it. */
    long selects() throws SQLException {
        try (Connection db = DriverManager.getConnection(jdbcUrl, user, password);
             ResultSet rs = db.createStatement().executeQuery("SHOW GLOBAL STATUS LIKE 'Com_select'")) {
            return rs.next() ? rs.getLong(2) : -1;
        }
    }

    private static long count(Connection db, String table, String activityId) throws SQLException {
        return sum(db, "SELECT COUNT(*) FROM " + table + " WHERE activity_id = ?", activityId);
    }

    private static long sum(Connection db, String sql, String activityId) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setLong(1, Long.parseLong(activityId));
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static Set<String> orderIds(Connection db, String table, String activityId) throws SQLException {
        Set<String> ids = new HashSet<>();
        try (PreparedStatement statement = db.prepareStatement("SELECT order_id FROM " + table + " WHERE activity_id = ?")) {
            statement.setLong(1, Long.parseLong(activityId));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    private static long missing(Set<String> from, Set<String> in) {
        return from.stream().filter(id -> !in.contains(id)).count();
    }
}
