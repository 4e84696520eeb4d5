package com.seckill.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.cloud.gateway.support.ConfigurationService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Spring Cloud Gateway's Redis token bucket, with its own script, read once. The stock bean keeps the
 * script as a classpath resource and asks for its last-modified time before every call: inside the
 * packaged jar that is a nested-jar lookup and a thrown exception per request, and it was most of the
 * edge's CPU in the bench (docs/benchmarks.md). Same script, same keys, same answers.
 */
@Configuration(proxyBeanMethods = false)
class RateLimiterConfig {

    static final String SCRIPT = "META-INF/scripts/request_rate_limiter.lua";

    @Bean
    RedisRateLimiter redisRateLimiter(ReactiveStringRedisTemplate redis, ConfigurationService configurationService)
            throws IOException {
        String lua = new ClassPathResource(SCRIPT).getContentAsString(StandardCharsets.UTF_8);
        @SuppressWarnings({"unchecked", "rawtypes"})
        RedisScript<List<Long>> script = (RedisScript) RedisScript.of(lua, List.class);
        return new RedisRateLimiter(redis, script, configurationService);
    }

    @Bean
    LocalFirstRateLimiter localFirstRateLimiter(RedisRateLimiter redisRateLimiter, LocalRefusalProperties properties,
                                                MeterRegistry meters) {
        return properties.enabled()
                ? LocalFirstRateLimiter.withLocalRefusals(redisRateLimiter,
                        new LocalRefusals(properties.maxKeys(), Ticker.systemTicker()), meters)
                : LocalFirstRateLimiter.redisOnly(redisRateLimiter);
    }
}
