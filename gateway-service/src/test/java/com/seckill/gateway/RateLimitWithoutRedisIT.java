package com.seckill.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.seckill.testsupport.TestServers;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Redis unreachable: the limiter cannot decide, so requests pass (availability first) and are counted. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RateLimitWithoutRedisIT {

    private static final HttpServer backend = startBackend();

    @Value("${local.server.port}")
    int port;

    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        TestServers.register(registry);
        registry.add("SECKILL_REDIS_URL", () -> "redis://127.0.0.1:" + closedPort());
        registry.add("SECKILL_JWT_SECRET", () -> TestTokens.SECRET);
        registry.add("SECKILL_RATE_LIMIT_USER_PER_SECOND", () -> "1");
        registry.add("SECKILL_RATE_LIMIT_USER_BURST", () -> "1");
        registry.add("spring.cloud.discovery.client.simple.instances.order-service[0].uri",
                () -> "http://127.0.0.1:" + backend.getAddress().getPort());
    }

    @AfterAll
    static void stopBackend() {
        backend.stop(0);
    }

    @Test
    void requestsPassUncheckedAndAreCounted() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        double before = meters.counter("seckill.gateway.rate-limit.unchecked").count();

        for (int i = 0; i < 3; i++) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/orders/1"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + TestTokens.user("1001")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("a burst of 1 would refuse the 2nd and 3rd if Redis answered").isEqualTo(200);
        }
        assertThat(meters.counter("seckill.gateway.rate-limit.unchecked").count()).isEqualTo(before + 3);
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpServer startBackend() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
