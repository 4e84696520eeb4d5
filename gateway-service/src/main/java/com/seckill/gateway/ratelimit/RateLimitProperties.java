package com.seckill.gateway.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * @param trustedProxies how many proxies in front of the gateway add to X-Forwarded-For (0: none,
 *                       the TCP peer is the client; behind one ingress: 1)
 * @param redisTimeout   how long a rate-limit decision may take before the request goes through unlimited
 */
@ConfigurationProperties("seckill.rate-limit")
public record RateLimitProperties(int trustedProxies, Duration redisTimeout) {
}
