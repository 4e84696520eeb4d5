-- The buyer's Idempotency-Key that placed the order (from the placed event; NULL when none was sent, and
-- for rows written before this migration), on the LOCKED movement. A Redis that lost everything gets back
-- from it which order each key placed, so that a buyer who asks again with the same key after the
-- rebuild is answered that order, not refused as over the limit (or, with a limit above one, sold a
-- second unit). 128 characters: order-service refuses longer keys.
ALTER TABLE stock_movements
    ADD COLUMN idempotency_key VARCHAR(128) NULL AFTER user_id;
