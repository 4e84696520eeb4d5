package com.seckill.common.discovery;

import com.netflix.appinfo.ApplicationInfoManager;
import com.netflix.appinfo.InstanceInfo;
import com.netflix.appinfo.InstanceInfo.InstanceStatus;
import org.junit.jupiter.api.Test;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RegistryStatusFollowsReadinessTest {

    @Test
    void theInstanceTurnsUpWithReadinessAndOutOfServiceWhenItRefusesTraffic() {
        InstanceInfo info = InstanceInfo.Builder.newBuilder().setAppName("order-service").setInstanceId("order-service:1")
                .setStatus(InstanceStatus.STARTING).build();
        ApplicationInfoManager registration = new ApplicationInfoManager(null, info, null);
        List<InstanceStatus> told = new ArrayList<>(); // what the Eureka client would send to the registry
        registration.registerStatusChangeListener(new ApplicationInfoManager.StatusChangeListener() {
            @Override
            public String getId() {
                return "test";
            }

            @Override
            public void notify(com.netflix.discovery.StatusChangeEvent event) {
                told.add(event.getStatus());
            }
        });
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
            context.registerBean(ApplicationInfoManager.class, () -> registration);
            context.register(DiscoveryAutoConfiguration.class);
            context.refresh();
            assertThat(info.getStatus()).as("registered, not yet ready").isEqualTo(InstanceStatus.STARTING);

            AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
            assertThat(info.getStatus()).isEqualTo(InstanceStatus.UP);

            AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
            assertThat(info.getStatus()).isEqualTo(InstanceStatus.OUT_OF_SERVICE);
        }
        assertThat(told).containsExactly(InstanceStatus.UP, InstanceStatus.OUT_OF_SERVICE);
    }
}
