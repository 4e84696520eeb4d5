package com.seckill.orderconsumer.drain;

import com.seckill.events.order.PaymentDueBatchEvent;
import com.seckill.testsupport.TestServers;
import org.springframework.test.context.DynamicPropertyRegistry;

/** What every drain test class registers: the real servers, the schema, and a topic and group of its own. */
final class DrainTestSetup {

    private DrainTestSetup() {
    }

    /**
     * A topic and a consumer group per test class, so classes never take each other's messages and
     * can drain at their own write caps.
     */
    static void register(DynamicPropertyRegistry registry, String name) {
        TestServers.register(registry);
        registry.add("SECKILL_ORDER_DB", () -> OrderSchema.NAME);
        registry.add("seckill.drain.topic", () -> topic(name));
        registry.add("seckill.drain.consumer-group", () -> group(name));
        // Flyway and the RocketMQ starter come onto the test classpath with order-service; this
        // worker runs neither (it migrates nothing and owns its consumer).
        registry.add("spring.flyway.enabled", () -> "false");
        registry.add("spring.autoconfigure.exclude", () -> "org.apache.rocketmq.spring.autoconfigure.RocketMQAutoConfiguration");
        OrderSchema.migrate();
        // Before the consumer starts, or it only finds the topic on its next 30 s route poll.
        TestServers.createTopics(topic(name), PaymentDueBatchEvent.TOPIC);
    }

    static String topic(String name) {
        return "it-" + name + "-orders";
    }

    static String group(String name) {
        return "it-" + name + "-drain";
    }

    static String deadLetterTopic(String name) {
        return "%DLQ%" + group(name);
    }
}
