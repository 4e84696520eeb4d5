package com.seckill.product.account;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;

/** The first administrator, from SECKILL_ADMIN_USERNAME / SECKILL_ADMIN_PASSWORD; there is no default. */
@ConfigurationProperties("seckill.admin")
record AdminProperties(String username, String password) {

    boolean configured() {
        return StringUtils.hasText(username) || StringUtils.hasText(password);
    }
}
