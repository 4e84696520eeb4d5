-- One row per purchase, not only per order id. The reservation script counts each buyer's
-- reservations in an activity (1, 2, ...) and never reuses a number, so (user, activity, sequence)
-- names one purchase: if the same reservation ever travels with a second order id (a retried
-- publish that minted a new id), order-consumer-service's insert hits this key and stays a no-op
-- instead of charging the buyer twice.
--
-- NULL only for rows written before this version (their events carried no sequence). NULLs never
-- collide in a unique key, so the index builds on old data without failing; InnoDB builds it
-- online, inserts keep flowing meanwhile.
ALTER TABLE orders
    ADD COLUMN sequence INT NULL,
    ADD UNIQUE KEY orders_one_row_per_purchase (user_id, activity_id, sequence);
