-- Owned by inventory-service: the record of each activity's stock. During a sale the live counter
-- is in Redis; these columns move in step with orders (available -> locked -> sold, or back).
CREATE TABLE activity_stock (
    activity_id BIGINT      NOT NULL PRIMARY KEY,
    total       INT         NOT NULL,
    available   INT         NOT NULL,
    locked      INT         NOT NULL DEFAULT 0,
    sold        INT         NOT NULL DEFAULT 0,
    updated_at  DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    CONSTRAINT activity_stock_never_negative CHECK (available >= 0 AND locked >= 0 AND sold >= 0),
    CONSTRAINT activity_stock_adds_up CHECK (available + locked + sold = total)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
