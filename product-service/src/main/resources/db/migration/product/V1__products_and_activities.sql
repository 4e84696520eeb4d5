-- Owned by product-service. Times are UTC (the connection forces the session time zone to UTC).
CREATE TABLE products (
    id           BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name         VARCHAR(200) NOT NULL,
    description  TEXT         NOT NULL,
    price_cents  BIGINT       NOT NULL,
    image_url    VARCHAR(500) NULL,
    created_at   DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    CONSTRAINT products_price_positive CHECK (price_cents > 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

CREATE TABLE activities (
    id                  BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    product_id          BIGINT       NOT NULL,
    title               VARCHAR(200) NOT NULL,
    seckill_price_cents BIGINT       NOT NULL,
    total_stock         INT          NOT NULL,
    limit_per_user      INT          NOT NULL,
    start_at            DATETIME(3)  NOT NULL,
    end_at              DATETIME(3)  NOT NULL,
    created_at          DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    updated_at          DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    CONSTRAINT activities_product_fk FOREIGN KEY (product_id) REFERENCES products (id),
    CONSTRAINT activities_window CHECK (start_at < end_at),
    CONSTRAINT activities_stock_positive CHECK (total_stock > 0),
    CONSTRAINT activities_limit_positive CHECK (limit_per_user >= 1),
    INDEX activities_by_window (start_at, end_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
