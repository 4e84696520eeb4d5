package com.seckill.order.id;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.DefaultClientResources;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.net.URI;
import java.time.Duration;

/** A Lettuce client as order-service has one, to the real Redis or through a {@link RedisLink}. */
final class TestRedis implements AutoCloseable {

    private final ClientResources resources;
    private final LettuceConnectionFactory factory;
    final StringRedisTemplate template;

    private TestRedis(String host, int port) {
        // Reconnects at once when the link is back, not after Lettuce's back-off of up to 30 s.
        resources = DefaultClientResources.builder().reconnectDelay(Delay.constant(Duration.ofMillis(100))).build();
        factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(host, port),
                LettuceClientConfiguration.builder().clientResources(resources).build());
        factory.afterPropertiesSet();
        factory.start();
        template = new StringRedisTemplate(factory);
    }

    static TestRedis at(String redisUrl) {
        URI redis = URI.create(redisUrl);
        return new TestRedis(redis.getHost(), redis.getPort() < 0 ? 6379 : redis.getPort());
    }

    static TestRedis through(RedisLink link) {
        return new TestRedis("127.0.0.1", link.port());
    }

    @Override
    public void close() {
        factory.destroy();
        resources.shutdown();
    }
}
