-- Owned by inventory-service: one row per order whose units moved in activity_stock, written in the
-- same transaction as the move. The primary key makes the move happen once per order however often
-- the order's message is delivered. kind says where the units went: LOCKED (available -> locked) when
-- the order was accepted. A later kind for the same order (payment, cancellation) needs a key of
-- (order_id, kind), or a table of its own.
CREATE TABLE stock_movements (
    order_id    BIGINT      NOT NULL PRIMARY KEY,
    activity_id BIGINT      NOT NULL,
    quantity    INT         NOT NULL,
    kind        VARCHAR(16) NOT NULL,
    created_at  DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    KEY stock_movements_by_activity (activity_id),
    CONSTRAINT stock_movements_positive CHECK (quantity > 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
