package com.seckill.gateway.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** @param trustedProxies how many proxies in front of the gateway add to X-Forwarded-For (0: none) */
@ConfigurationProperties("seckill.rate-limit")
public record RateLimitProperties(int trustedProxies) {
}
