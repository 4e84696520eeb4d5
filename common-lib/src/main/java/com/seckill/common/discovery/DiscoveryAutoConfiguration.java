package com.seckill.common.discovery;

import com.netflix.appinfo.ApplicationInfoManager;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/** Every service that registers in Eureka gets {@link RegistryStatusFollowsReadiness} by depending on common-lib. */
@AutoConfiguration(afterName = "org.springframework.cloud.netflix.eureka.EurekaClientAutoConfiguration")
@ConditionalOnClass(ApplicationInfoManager.class)
public class DiscoveryAutoConfiguration {

    @Bean
    @ConditionalOnBean(ApplicationInfoManager.class)
    RegistryStatusFollowsReadiness registryStatusFollowsReadiness(ApplicationInfoManager registration) {
        return new RegistryStatusFollowsReadiness(registration);
    }
}
