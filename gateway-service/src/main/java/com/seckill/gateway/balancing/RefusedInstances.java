package com.seckill.gateway.balancing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.client.ServiceInstance;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Instances that just refused a connection: nothing listens there any more (killed, crashed, its node
 * gone). Eureka lists such an instance until its lease runs out, tens of seconds; a refused connection
 * says it at once, so the load balancer leaves it out for {@code skipFor} after each refusal, then
 * tries it again (a restarted instance on the same address is back by then, or refuses again).
 */
public class RefusedInstances {

    private static final Logger log = LoggerFactory.getLogger(RefusedInstances.class);

    private final Duration skipFor;
    private final LongSupplier nanoTime;
    private final Counter refusals;
    private final Map<String, Long> skippedUntil = new ConcurrentHashMap<>();

    public RefusedInstances(Duration skipFor, MeterRegistry meters, LongSupplier nanoTime) {
        this.skipFor = skipFor;
        this.nanoTime = nanoTime;
        this.refusals = Counter.builder("seckill.gateway.instances.refused")
                .description("Connections an instance refused; it is left out of load balancing for a while")
                .register(meters);
    }

    void refused(ServiceInstance instance) {
        refusals.increment();
        Long before = skippedUntil.put(key(instance), nanoTime.getAsLong() + skipFor.toNanos());
        if (before == null) {
            log.warn("{} at {}:{} refused a connection: left out of load balancing for {} (retried elsewhere if idempotent)",
                    instance.getServiceId(), instance.getHost(), instance.getPort(), skipFor);
        }
    }

    boolean isSkipped(ServiceInstance instance) {
        Long until = skippedUntil.get(key(instance));
        if (until == null) {
            return false;
        }
        if (nanoTime.getAsLong() - until < 0) {
            return true;
        }
        skippedUntil.remove(key(instance), until);
        return false;
    }

    private static String key(ServiceInstance instance) {
        return instance.getServiceId() + '@' + instance.getHost() + ':' + instance.getPort();
    }
}
