package com.seckill.gateway.balancing;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.core.DelegatingServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import reactor.core.publisher.Flux;

import java.util.List;

/**
 * The instances discovery knows, less those that just refused a connection; all of them if every one
 * did (then nothing is lost by trying, and the first to come back is found at once).
 */
class SkipRefusedInstances extends DelegatingServiceInstanceListSupplier {

    private final RefusedInstances refused;

    SkipRefusedInstances(ServiceInstanceListSupplier delegate, RefusedInstances refused) {
        super(delegate);
        this.refused = refused;
    }

    @Override
    public Flux<List<ServiceInstance>> get() {
        return getDelegate().get().map(instances -> {
            List<ServiceInstance> answering = instances.stream().filter(i -> !refused.isSkipped(i)).toList();
            return answering.isEmpty() ? instances : answering;
        });
    }
}
