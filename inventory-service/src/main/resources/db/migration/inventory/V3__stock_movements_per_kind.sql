-- An order now moves its units up to twice: LOCKED when it is accepted (available -> locked), then
-- SOLD when it is paid (locked -> sold) or RETURNED when it is cancelled (locked -> available). Each
-- move must happen once however often its event is delivered, so the key becomes (order_id, kind):
-- one row per order and kind, written in the same transaction as the counts it moved.
--
-- settled is 1 for SOLD and RETURNED (NULL for LOCKED, and NULLs never collide in a unique key): an
-- order ends once, sold or returned, never both. order-service's compare-and-set already makes only
-- one of the two events exist; the key makes the record refuse the second even if that ever failed
-- (a cancel for a paid order would otherwise return a unit that was sold).
--
-- user_id (the buyer, from the events; NULL for rows written before this migration) lets a Redis that
-- lost everything get back each buyer's units (LOCKED minus RETURNED) for the per-user limit.
ALTER TABLE stock_movements
    DROP PRIMARY KEY,
    ADD PRIMARY KEY (order_id, kind),
    ADD COLUMN user_id VARCHAR(64) NULL AFTER activity_id,
    ADD COLUMN settled TINYINT GENERATED ALWAYS AS (IF(kind IN ('SOLD', 'RETURNED'), 1, NULL)) STORED,
    ADD UNIQUE KEY stock_movements_settled_once (order_id, settled),
    ADD CONSTRAINT stock_movements_known_kind CHECK (kind IN ('LOCKED', 'SOLD', 'RETURNED')),
    -- the admin check sums an activity's RETURNED units, the rebuild reads its movements by kind
    DROP KEY stock_movements_by_activity,
    ADD KEY stock_movements_by_activity_kind (activity_id, kind);
