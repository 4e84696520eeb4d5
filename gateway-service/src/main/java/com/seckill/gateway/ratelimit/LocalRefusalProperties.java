package com.seckill.gateway.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param enabled whether a key Redis has just refused is refused from memory until its bucket can
 *                hold a token again (off: every decision is a Redis call, as before)
 * @param maxKeys how many refused keys are remembered at most; one past it is forgotten early and
 *                simply asks Redis again
 */
@ConfigurationProperties("seckill.rate-limit.local")
public record LocalRefusalProperties(boolean enabled, long maxKeys) {

    public LocalRefusalProperties {
        if (enabled && maxKeys < 1) {
            throw new IllegalStateException(
                    "SECKILL_RATE_LIMIT_LOCAL_MAX_KEYS must be at least 1, or switch local refusals off with SECKILL_RATE_LIMIT_LOCAL_ENABLED=false");
        }
    }
}
