package com.seckill.orderconsumer.drain;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DrainProperties.class)
class DrainConfiguration {

    /** One for the whole instance: all consumer threads draw from it. */
    @Bean
    WriteRateLimiter writeRateLimiter(DrainProperties settings) {
        // The burst is one batch: a full batch may always go at once, and any one second sees at
        // most the rate plus one batch.
        return settings.capped()
                ? WriteRateLimiter.perInstance(settings.maxOrdersPerSecond(), settings.effectiveBatchSize())
                : WriteRateLimiter.uncapped();
    }
}
