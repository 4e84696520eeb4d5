package com.seckill.order.id;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

@Configuration
class OrderIdConfig {

    private static final Logger log = LoggerFactory.getLogger(OrderIdConfig.class);

    @Bean
    OrderIdGenerator orderIdGenerator(@Value("${seckill.order-ids.worker-id:#{null}}") Integer workerId,
                                      @Value("${eureka.instance.ip-address:127.0.0.1}") String instanceAddress) {
        int resolved = WorkerId.resolve(workerId, instanceAddress);
        log.info("Order ids: worker id {} ({})", resolved, workerId != null ? "configured" : "from instance address " + instanceAddress);
        return new OrderIdGenerator(resolved, Clock.systemUTC());
    }
}
