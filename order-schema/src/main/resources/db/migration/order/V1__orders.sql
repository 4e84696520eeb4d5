-- Owned by order-service. order-consumer-service inserts new rows (write-behind from RocketMQ);
-- order-service reads them and moves their status. Order ids are generated before MySQL sees the
-- order, so the primary key is not auto-increment. Times are UTC.
CREATE TABLE orders (
    order_id     BIGINT      NOT NULL PRIMARY KEY,
    user_id      VARCHAR(64) NOT NULL,
    activity_id  BIGINT      NOT NULL,
    product_id   BIGINT      NOT NULL,
    quantity     INT         NOT NULL,
    amount_cents BIGINT      NOT NULL,
    status       VARCHAR(16) NOT NULL,
    created_at   DATETIME(3) NOT NULL,
    updated_at   DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    CONSTRAINT orders_quantity_positive CHECK (quantity > 0),
    INDEX orders_by_user (user_id, created_at),
    INDEX orders_by_activity (activity_id, status)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
