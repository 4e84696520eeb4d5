package com.seckill.inventory.ledger;

import com.seckill.inventory.ledger.Movement.Kind;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Moves each order's units in {@code activity_stock} exactly once per kind: available → locked when it
 * is accepted, locked → sold when it is paid, locked → available when it is cancelled. The order's row
 * in {@code stock_movements} (keyed by order and kind) is the proof that a move was made, written in the
 * same transaction as the counts it moved.
 */
@Repository
class StockLedger {

    /** What one batch did, delivery by delivery. */
    record Outcome(List<Movement> applied, List<Movement> duplicates, List<Movement> waiting, List<Movement> conflicts) {

        /**
         * Orders whose units the record has returned, in this batch or before (a redelivery after a
         * crash between the commit and the Redis release): their release in Redis is due, once each.
         */
        Collection<Movement> returned() {
            Map<Long, Movement> byOrder = new LinkedHashMap<>();
            for (List<Movement> movements : List.of(applied, duplicates)) {
                movements.stream().filter(m -> m.kind() == Kind.RETURNED).forEach(m -> byOrder.putIfAbsent(m.orderId(), m));
            }
            return byOrder.values();
        }
    }

    private enum Result { APPLIED, DUPLICATE, WAITING, CONFLICT }

    private record Key(long orderId, Kind kind) {
        static Key of(Movement movement) {
            return new Key(movement.orderId(), movement.kind());
        }
    }

    /** Changes to one activity's record, summed over a batch. */
    private record Delta(int available, int locked, int sold) {
        Delta plus(Delta other) {
            return new Delta(available + other.available, locked + other.locked, sold + other.sold);
        }

        static Delta of(Movement movement) {
            int q = movement.quantity();
            return switch (movement.kind()) {
                case LOCKED -> new Delta(-q, q, 0);
                case SOLD -> new Delta(0, -q, q);
                case RETURNED -> new Delta(q, -q, 0);
            };
        }
    }

    // Rows are locked in ascending key order (movements by order id, stock rows by activity id), so two
    // batches running in parallel never wait on each other in a cycle.
    private static final Comparator<Movement> KEY_ORDER = Comparator.comparingLong(Movement::orderId).thenComparing(Movement::kind);

    private final JdbcTemplate jdbc;
    private final JdbcClient sql;

    StockLedger(JdbcTemplate jdbc, JdbcClient sql) {
        this.jdbc = jdbc;
        this.sql = sql;
    }

    /**
     * Records a batch of movements in one transaction. Each activity's row is updated once per batch with
     * the sum of its new movements: during a sale every order hits the same hot row, and one update per
     * batch instead of one per order is what keeps its lock short.
     *
     * <p>A SOLD or RETURNED movement needs the order's LOCKED one first (the order's events come on
     * different topics, which are not ordered with each other): without it, it is WAITING and left for a
     * redelivery. READ COMMITTED, so that every read sees what parallel batches committed: a LOCKED
     * movement recorded a moment ago, or the RETURNED movement that made this one's insert a duplicate.
     */
    @Transactional(isolation = Isolation.READ_COMMITTED)
    public Outcome record(List<Movement> movements) {
        Map<Key, Movement> distinct = new LinkedHashMap<>();
        movements.forEach(movement -> distinct.putIfAbsent(Key.of(movement), movement));
        Map<Key, Result> results = new HashMap<>();
        Map<Key, Movement> resolved = new HashMap<>();
        Map<Long, Delta> deltas = new TreeMap<>();

        List<Movement> locks = distinct.values().stream().filter(m -> m.kind() == Kind.LOCKED).sorted(KEY_ORDER).toList();
        int[] inserted = insert(locks);
        for (int i = 0; i < locks.size(); i++) {
            Movement lock = locks.get(i);
            resolved.put(Key.of(lock), lock);
            results.put(Key.of(lock), inserted[i] == 1 ? Result.APPLIED : Result.DUPLICATE);
            if (inserted[i] == 1) {
                deltas.merge(lock.activityId(), Delta.of(lock), Delta::plus);
            }
        }

        List<Movement> settlements = distinct.values().stream().filter(m -> m.kind() != Kind.LOCKED).sorted(KEY_ORDER).toList();
        if (!settlements.isEmpty()) {
            settle(settlements, results, resolved, deltas);
        }

        deltas.forEach((activityId, delta) -> {
            int updated = jdbc.update("UPDATE activity_stock SET available = available + ?, locked = locked + ?, sold = sold + ? WHERE activity_id = ?",
                    delta.available(), delta.locked(), delta.sold(), activityId);
            if (updated != 1) {
                // Rolls the whole batch back, movements included: the orders are retried, and counted
                // once the record exists (the stock is loaded before a sale opens, so this is a fault).
                throw new IllegalStateException("No stock record for activity " + activityId);
            }
        });
        return outcome(movements, results, resolved);
    }

    private void settle(List<Movement> settlements, Map<Key, Result> results, Map<Key, Movement> resolved, Map<Long, Delta> deltas) {
        Map<Long, Movement> locked = lockedMovements(settlements.stream().map(Movement::orderId).toList());
        List<Movement> ready = new ArrayList<>();
        for (Movement settlement : settlements) {
            Movement lock = locked.get(settlement.orderId());
            if (lock == null) {
                results.put(Key.of(settlement), Result.WAITING);
                resolved.put(Key.of(settlement), settlement);
            } else {
                // the units that were locked are the ones that move on, whatever the event says
                ready.add(settlement.as(lock.activityId(), lock.quantity()));
            }
        }
        int[] inserted = insert(ready);
        List<Long> refused = new ArrayList<>();
        for (int i = 0; i < ready.size(); i++) {
            if (inserted[i] == 0) {
                refused.add(ready.get(i).orderId());
            }
        }
        // An insert refused because the same kind is there is a redelivery; refused because the other
        // kind is there (stock_movements_settled_once), it is a conflict: the order was already sold,
        // or already returned.
        Set<Key> settledBefore = refused.isEmpty() ? Set.of() : settledMovements(refused);
        for (int i = 0; i < ready.size(); i++) {
            Movement settlement = ready.get(i);
            Key key = Key.of(settlement);
            resolved.put(key, settlement);
            if (inserted[i] == 1) {
                results.put(key, Result.APPLIED);
                deltas.merge(settlement.activityId(), Delta.of(settlement), Delta::plus);
            } else {
                results.put(key, settledBefore.contains(key) ? Result.DUPLICATE : Result.CONFLICT);
            }
        }
    }

    /**
     * Sent statement by statement (the URL does not ask for rewriteBatchedStatements), so the driver
     * reports each row: 1 inserted, 0 already there. A movement being recorded by a parallel batch makes
     * this insert wait for that transaction, then answer 0 if it committed.
     */
    private int[] insert(List<Movement> movements) {
        if (movements.isEmpty()) {
            return new int[0];
        }
        int[] inserted = jdbc.batchUpdate(
                "INSERT IGNORE INTO stock_movements (order_id, activity_id, user_id, idempotency_key, quantity, kind) VALUES (?, ?, ?, ?, ?, ?)",
                movements, movements.size(), (statement, movement) -> {
                    statement.setLong(1, movement.orderId());
                    statement.setLong(2, movement.activityId());
                    statement.setString(3, movement.userId());
                    statement.setString(4, movement.idempotencyKey());
                    statement.setInt(5, movement.quantity());
                    statement.setString(6, movement.kind().name());
                })[0];
        for (int count : inserted) {
            if (count != 0 && count != 1) {
                // e.g. SUCCESS_NO_INFO if batched statements were rewritten: then new rows cannot be told
                // from old ones, and guessing would move an order's units twice or not at all
                throw new IllegalStateException("The driver did not report which movements are new: " + count);
            }
        }
        return inserted;
    }

    private Map<Long, Movement> lockedMovements(List<Long> orderIds) {
        Map<Long, Movement> locked = new HashMap<>();
        sql.sql("SELECT order_id, activity_id, user_id, quantity FROM stock_movements WHERE kind = 'LOCKED' AND order_id IN (:orders)")
                .param("orders", orderIds)
                .query((rs, row) -> new Movement(Kind.LOCKED, rs.getLong("order_id"), rs.getLong("activity_id"),
                        rs.getInt("quantity"), rs.getString("user_id")))
                .list()
                .forEach(movement -> locked.put(movement.orderId(), movement));
        return locked;
    }

    private Set<Key> settledMovements(List<Long> orderIds) {
        return new HashSet<>(sql.sql("SELECT order_id, kind FROM stock_movements WHERE kind IN ('SOLD', 'RETURNED') AND order_id IN (:orders)")
                .param("orders", orderIds)
                .query((rs, row) -> new Key(rs.getLong("order_id"), Kind.valueOf(rs.getString("kind"))))
                .list());
    }

    /** Each delivery under its movement's result; a second delivery of a movement applied here is a duplicate. */
    private static Outcome outcome(List<Movement> deliveries, Map<Key, Result> results, Map<Key, Movement> resolved) {
        Map<Result, List<Movement>> byResult = new HashMap<>();
        Set<Key> seen = new HashSet<>();
        for (Movement delivery : deliveries) {
            Key key = Key.of(delivery);
            Result result = results.get(key);
            if (!seen.add(key) && result == Result.APPLIED) {
                result = Result.DUPLICATE;
            }
            byResult.computeIfAbsent(result, r -> new ArrayList<>()).add(resolved.get(key));
        }
        return new Outcome(byResult.getOrDefault(Result.APPLIED, List.of()), byResult.getOrDefault(Result.DUPLICATE, List.of()),
                byResult.getOrDefault(Result.WAITING, List.of()), byResult.getOrDefault(Result.CONFLICT, List.of()));
    }
}
