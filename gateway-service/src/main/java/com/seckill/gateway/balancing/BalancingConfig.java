package com.seckill.gateway.balancing;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

@Configuration(proxyBeanMethods = false)
@LoadBalancerClients(defaultConfiguration = SkipRefusedLoadBalancerConfiguration.class)
class BalancingConfig {

    @Bean
    RefusedInstances refusedInstances(@Value("${seckill.balancing.skip-refused-for}") Duration skipFor, MeterRegistry meters) {
        return new RefusedInstances(skipFor, meters, System::nanoTime);
    }

    @Bean
    RefusalRecorder refusalRecorder(RefusedInstances refused) {
        return new RefusalRecorder(refused);
    }
}
