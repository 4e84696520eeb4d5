package com.seckill.gateway.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;

import java.nio.charset.StandardCharsets;

/**
 * How the gateway checks tokens: locally an HS256 secret shared with product-service (its UTF-8
 * bytes are the key), in production optionally an external issuer's JWK set instead.
 */
@ConfigurationProperties("seckill.jwt")
public record JwtProperties(String secret, String issuer, String jwkSetUri) {

    public JwtProperties {
        if (!StringUtils.hasText(issuer)) {
            throw new IllegalStateException("seckill.jwt.issuer must be set");
        }
        if (!StringUtils.hasText(jwkSetUri)
                && (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < 32)) {
            throw new IllegalStateException(
                    "Set SECKILL_JWT_SECRET (at least 32 bytes) or SECKILL_JWT_JWK_SET_URI: the gateway cannot check tokens without one");
        }
    }

    public boolean usesJwkSet() {
        return StringUtils.hasText(jwkSetUri);
    }
}
