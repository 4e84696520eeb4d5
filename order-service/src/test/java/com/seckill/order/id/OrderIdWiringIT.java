package com.seckill.order.id;

import com.seckill.testsupport.TestServers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * order-service's id wiring with its own application.yml on the real Redis: without SECKILL_WORKER_ID
 * an instance leases an id for as long as it runs; with it, that id and no lease.
 */
class OrderIdWiringIT {

    private static final String INSTANCE = "order-service:it-wiring:0";

    private final ApplicationContextRunner orderIds = new ApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
            .withUserConfiguration(Neighbours.class, OrderIdConfig.class)
            .withPropertyValues("SECKILL_REDIS_URL=" + TestServers.redisUrl(), "eureka.instance.instance-id=" + INSTANCE);

    @Test
    void withoutAnOperatorsIdAnInstanceLeasesOneWhileItRunsAndGivesItBackOnShutdown() {
        AtomicInteger leased = new AtomicInteger(-1);

        orderIds.withPropertyValues("SECKILL_WORKER_ID=").run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(LeasedWorkerId.class);
            int id = (int) context.getBean(MeterRegistry.class).get("seckill.orders.worker.id").gauge().value();
            assertThat(id).isBetween(0, OrderIdGenerator.MAX_WORKER_ID);
            leased.set(id);
            StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
            OrderIdGenerator generator = context.getBean(OrderIdGenerator.class);
            assertThat(redis.opsForValue().get(WorkerIdLeases.KEY_PREFIX + id)).startsWith(INSTANCE + "/");
            assertThat(redis.getExpire(WorkerIdLeases.KEY_PREFIX + id, TimeUnit.MILLISECONDS))
                    .as("application.yml's ttl, PT30S").isBetween(20_000L, 30_000L);
            assertThat(OrderIdGenerator.workerOf(generator.next())).isEqualTo(id);

            // given back while Redis is still connected (stopped before the connection factory), checked below
            context.close();
            assertThat(generator.workerIdNow()).isEqualTo(WorkerIdSource.NONE);
        });

        try (TestRedis check = TestRedis.at(TestServers.redisUrl())) {
            Long left = check.template.getExpire(WorkerIdLeases.KEY_PREFIX + leased.get(), TimeUnit.MILLISECONDS);
            assertThat(left).as("given back: kept only the margin, PT2S, or already gone").isLessThanOrEqualTo(2_000L);
        }
    }

    @Test
    void anOperatorsIdIsUsedAsItIsAndNothingIsLeased() {
        orderIds.withPropertyValues("SECKILL_WORKER_ID=42").run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(LeasedWorkerId.class);
            assertThat(OrderIdGenerator.workerOf(context.getBean(OrderIdGenerator.class).next())).isEqualTo(42);
            assertThat(context.getBean(MeterRegistry.class).get("seckill.orders.worker.id").gauge().value()).isEqualTo(42);
        });
    }

    @Test
    void anOperatorsIdOutsideTenBitsStopsTheStart() {
        orderIds.withPropertyValues("SECKILL_WORKER_ID=1024").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("SECKILL_WORKER_ID"));
    }

    /** What the rest of order-service provides. */
    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(OrderIdProperties.class)
    static class Neighbours {

        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }
}
