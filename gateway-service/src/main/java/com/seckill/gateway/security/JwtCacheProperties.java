package com.seckill.gateway.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param enabled whether verified tokens are remembered until their expiry (off: every request is
 *                verified again, as before)
 * @param maxSize how many verified tokens are kept at most; past it the least used are dropped and
 *                simply verified again on their next use
 */
@ConfigurationProperties("seckill.jwt.cache")
public record JwtCacheProperties(boolean enabled, long maxSize) {

    public JwtCacheProperties {
        if (enabled && maxSize < 1) {
            throw new IllegalStateException(
                    "SECKILL_JWT_CACHE_MAX_SIZE must be at least 1, or switch the cache off with SECKILL_JWT_CACHE_ENABLED=false");
        }
    }
}
