-- pay_by: the time by which the order must be paid (UTC), set when the order is accepted; the
-- payment timer cancels it if it is still unpaid then. Null only for rows written before this version.
--
-- status_change_id: which status change won the row's compare-and-set. Each change (pay, cancel by the
-- buyer, cancel by the timer) rides in its own transactional message; when the broker checks back, only
-- the message of the change that actually moved the row is committed, so inventory hears of exactly
-- one sale or one return per order.
--
-- (A correction to V2's comment, which cannot change once applied: the sequence is counted by
-- order-service when it accepts the order, not by the reservation script.)
ALTER TABLE orders
    ADD COLUMN pay_by DATETIME(3) NULL AFTER created_at,
    ADD COLUMN status_change_id CHAR(36) NULL AFTER status;
