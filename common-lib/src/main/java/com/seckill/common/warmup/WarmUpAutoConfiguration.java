package com.seckill.common.warmup;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** The warm-up settings every service shares (seckill-service-defaults.yml). */
@AutoConfiguration
@EnableConfigurationProperties(WarmUpProperties.class)
public class WarmUpAutoConfiguration {
}
