package com.seckill.order.purchase;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** seckill.purchase.* in application.yml: what each setting is for is written there. */
@ConfigurationProperties("seckill.purchase")
public record PurchaseProperties(
        String tokenSecret,
        Duration tokenTtl,
        Duration soldOutRecheck,
        Duration activityCacheTtl,
        Duration pendingTtl,
        boolean tokenRequired) {

    public PurchaseProperties {
        if (tokenSecret == null || tokenSecret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new IllegalStateException("seckill.purchase.token-secret (SECKILL_PURCHASE_TOKEN_SECRET, "
                    + "or SECKILL_JWT_SECRET) must be set to at least 32 bytes");
        }
    }
}
