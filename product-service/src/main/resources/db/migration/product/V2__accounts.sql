-- Shopper and operator accounts, owned by product-service (the storefront). Usernames compare
-- case-insensitively (the default collation), so "Alice" and "alice" are one account.
CREATE TABLE accounts (
    id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    username      VARCHAR(32)  NOT NULL,
    password_hash VARCHAR(100) NOT NULL,
    roles         VARCHAR(100) NOT NULL,
    created_at    DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    CONSTRAINT accounts_username_unique UNIQUE (username)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
