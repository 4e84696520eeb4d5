-- Owned by baseline-sync, the benchmark's rival (not part of the product). The naive design: the
-- stock is a column decremented by a conditional UPDATE, and the order row is written in the same
-- transaction. Times are UTC (the connection's session time zone is UTC).
CREATE TABLE activities (
    activity_id    BIGINT      NOT NULL PRIMARY KEY,
    stock          INT         NOT NULL,
    -- Documentation only: the unique key on orders below is the naive limit of one per user.
    limit_per_user INT         NOT NULL DEFAULT 1,
    start_at       DATETIME(3) NOT NULL,
    end_at         DATETIME(3) NOT NULL,
    CONSTRAINT activities_stock_not_negative CHECK (stock >= 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

CREATE TABLE orders (
    order_id    BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    activity_id BIGINT      NOT NULL,
    user_id     VARCHAR(64) NOT NULL,
    quantity    INT         NOT NULL,
    created_at  DATETIME(3) NOT NULL,
    -- One order per user and sale, and the duplicate check: a second insert fails and rolls back.
    CONSTRAINT orders_one_per_user UNIQUE (activity_id, user_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
