package com.seckill.gateway.balancing;

import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Each load-balanced client's instance list (built in the client's own child context, so not a
 * {@code @Configuration} the component scan would find): discovery, cached as by default, then less
 * the instances that just refused a connection. The filter comes after the cache so that a refusal
 * counts at once, not when the cache next refreshes.
 */
class SkipRefusedLoadBalancerConfiguration {

    @Bean
    ServiceInstanceListSupplier skipRefusedInstances(ConfigurableApplicationContext context, RefusedInstances refused) {
        return new SkipRefusedInstances(
                ServiceInstanceListSupplier.builder().withDiscoveryClient().withCaching().build(context), refused);
    }
}
