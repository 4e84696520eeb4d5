package com.seckill.order.query;

import com.seckill.order.purchase.PurchaseProperties;
import com.seckill.testsupport.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The buyer's purchase sequence on the real Redis: growing, and never repeated after Redis lost it. */
class PurchaseSequenceIT {

    static LettuceConnectionFactory connections;
    static StringRedisTemplate redis;
    static PendingOrders pending;

    @BeforeAll
    static void redis() {
        URI url = URI.create(TestServers.redisUrl());
        connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration(url.getHost(), url.getPort() == -1 ? 6379 : url.getPort()));
        connections.afterPropertiesSet();
        connections.start();
        redis = new StringRedisTemplate(connections);
        pending = new PendingOrders(redis, new PurchaseProperties("test-secret-of-at-least-32-bytes-long!",
                Duration.ofMinutes(2), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofMinutes(1), false));
    }

    @AfterAll
    static void close() {
        connections.destroy();
    }

    @Test
    void sequencesGrowPerBuyerAndDoNotRepeatAfterRedisLostThem() {
        long activity = ThreadLocalRandom.current().nextLong(1_000_000_000L, Long.MAX_VALUE / 2);
        List<Long> alice = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            alice.add(open(activity, "alice"));
        }
        long bob = open(activity, "bob");

        assertThat(alice).isSorted().doesNotHaveDuplicates();
        assertThat(alice.get(1) - alice.get(0)).isEqualTo(1);
        assertThat(bob % 1_000_000).as("each buyer counts on their own").isEqualTo(1);

        Instant lost = Instant.now();
        redis.delete("seckill:order:sequence:{" + activity + "}");
        // generations are seconds: a loss and a re-creation within the same second is the one gap
        await().atMost(Duration.ofSeconds(3)).until(() -> Instant.now().getEpochSecond() > lost.getEpochSecond());

        long afterLoss = open(activity, "alice");
        assertThat(afterLoss).as("a new generation, above everything handed out before").isGreaterThan(alice.get(2));
        redis.delete("seckill:order:sequence:{" + activity + "}");
    }

    private static long open(long activity, String user) {
        long orderId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        try {
            return pending.open(List.of(new PendingOrders.PendingOrder(orderId, user, activity, 3, 1, 100, Instant.now(),
                    Instant.now().plusSeconds(60), null))).get(0);
        } finally {
            pending.discard(List.of(orderId));
        }
    }
}
