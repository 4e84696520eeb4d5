package com.seckill.order.id;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.time.Clock;
import java.util.UUID;

@Configuration(proxyBeanMethods = false)
class OrderIdConfig {

    private static final Logger log = LoggerFactory.getLogger(OrderIdConfig.class);

    /** Only without an operator's worker id. */
    @Bean
    @ConditionalOnExpression("'${seckill.order-ids.worker-id:}'.isBlank()")
    LeasedWorkerId leasedWorkerId(OrderIdProperties properties, StringRedisTemplate redis, Clock clock,
                                  @Value("${eureka.instance.instance-id:order-service}") String instanceId) {
        LeaseSettings settings = properties.lease();
        // The instance's name says whose lease a key is; the random part tells two lives of one pod apart.
        String holder = instanceId + "/" + UUID.randomUUID().toString().substring(0, 8);
        WorkerIdLeases leases = new WorkerIdLeases(redis, WorkerIdLeases.KEY_PREFIX, OrderIdGenerator.MAX_WORKER_ID + 1,
                holder, settings.retryEvery());
        return new LeasedWorkerId(leases, settings, clock, -1);
    }

    @Bean
    OrderIdGenerator orderIdGenerator(OrderIdProperties properties, ObjectProvider<LeasedWorkerId> leased, Clock clock,
                                      MeterRegistry meters) {
        OrderIdGenerator generator;
        if (properties.workerId() != null) {
            log.info("Order ids: worker id {}, set by the operator (SECKILL_WORKER_ID): no lease is taken, keeping it unique "
                    + "among running instances is the operator's job", properties.workerId());
            generator = new OrderIdGenerator(properties.workerId(), clock);
        } else {
            generator = new OrderIdGenerator(leased.getObject(), clock);
        }
        Gauge.builder("seckill.orders.worker.id", generator, OrderIdGenerator::workerIdNow)
                .description("The worker id in this instance's new order ids; -1: none held, orders are refused")
                .register(meters);
        return generator;
    }
}
