package com.seckill.common.discovery;

import com.netflix.appinfo.ApplicationInfoManager;
import com.netflix.appinfo.InstanceInfo.InstanceStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.event.EventListener;

/**
 * An instance registers in Eureka as STARTING ({@code eureka.instance.initial-status}) and turns UP only
 * when Spring Boot's readiness does, that is after every start-up runner, its warm-up included, has
 * finished. Load balancers pick UP instances only, so no buyer reaches an instance that has not yet
 * walked its hot path: the same signal the Kubernetes readiness probe reads. Shutting down, readiness
 * refuses traffic first and the instance turns OUT_OF_SERVICE before it deregisters.
 */
public class RegistryStatusFollowsReadiness {

    private static final Logger log = LoggerFactory.getLogger(RegistryStatusFollowsReadiness.class);

    private final ApplicationInfoManager registration;

    public RegistryStatusFollowsReadiness(ApplicationInfoManager registration) {
        this.registration = registration;
    }

    @EventListener
    public void readinessChanged(AvailabilityChangeEvent<ReadinessState> event) {
        InstanceStatus status = event.getState() == ReadinessState.ACCEPTING_TRAFFIC ? InstanceStatus.UP : InstanceStatus.OUT_OF_SERVICE;
        if (registration.getInfo().getStatus() != status) {
            log.info("Readiness {}: registered as {} in Eureka", event.getState(), status);
            registration.setInstanceStatus(status);
        }
    }
}
