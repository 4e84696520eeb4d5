package com.seckill.gateway;

import com.seckill.testsupport.TestServers;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's two levers on real Redis: a user flooding past their limit is refused from memory
 * (Redis's own MONITOR shows no further script call for their bucket) with the same 429 problem+json,
 * and a token used twice is verified once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LocalRefusalsOnRedisIT {

    private static final int BURST = 5;
    private static final HttpServer backend = startBackend();

    @Value("${local.server.port}")
    int port;

    @Autowired
    MeterRegistry meters;

    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        TestServers.register(registry);
        registry.add("SECKILL_JWT_SECRET", () -> TestTokens.SECRET);
        // One token a second: a refusal is remembered for up to a second, longer than the flood takes.
        registry.add("SECKILL_RATE_LIMIT_USER_PER_SECOND", () -> "1");
        registry.add("SECKILL_RATE_LIMIT_USER_BURST", () -> Integer.toString(BURST));
        registry.add("spring.cloud.discovery.client.simple.instances.order-service[0].uri",
                () -> "http://127.0.0.1:" + backend.getAddress().getPort());
    }

    @AfterAll
    static void stopBackend() {
        backend.stop(0);
    }

    @Test
    void aFloodFromOneUserPastItsLimitCostsNoFurtherRedisCalls() throws Exception {
        warmUpTheRefusalPath();
        String user = "flood-" + UUID.randomUUID();
        String token = TestTokens.user(user);
        double localRefusalsBefore = localRefusals();

        try (RedisMonitor monitor = RedisMonitor.start(TestServers.redisUrl())) {
            long started = System.nanoTime();
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (int i = 0; i < BURST + 20; i++) {
                responses.add(send(token));
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            List<String> scriptCalls = monitor.commandsUpToNow().stream()
                    // As the client spelt it (Lettuce: EVALSHA); the script's own calls show as "get", "setex".
                    .map(String::toLowerCase)
                    .filter(line -> line.contains("\"evalsha\"") || line.contains("\"eval\""))
                    .filter(line -> line.contains(":user:" + user.toLowerCase() + "}"))
                    .toList();
            List<HttpResponse<String>> allowed = responses.stream().filter(r -> r.statusCode() == 200).toList();
            List<HttpResponse<String>> refused = responses.stream().filter(r -> r.statusCode() != 200).toList();

            // The burst, plus at most the second's token Redis adds if its clock turns a second meanwhile.
            assertThat(allowed).hasSizeBetween(BURST, BURST + 1);
            assertThat(scriptCalls).as("a script call for every request let through and none for the %d refused "
                    + "(all sent within %s, inside the second the emptied bucket needs for its next token)", refused.size(), took)
                    .hasSameSizeAs(allowed);
            for (HttpResponse<String> refusal : refused) {
                assertThat(refusal.statusCode()).isEqualTo(429);
                assertThat(refusal.headers().firstValue("Content-Type")).hasValueSatisfying(
                        type -> assertThat(type).startsWith("application/problem+json"));
                assertThat(refusal.body()).contains("\"code\":\"RATE_LIMITED\"", "\"status\":429");
                assertThat(refusal.headers().firstValue("Retry-After")).hasValue("1");
                assertThat(refusal.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
            }
            assertThat(localRefusals() - localRefusalsBefore).isEqualTo(refused.size());
        }
    }

    @Test
    void aTokenUsedAgainIsServedFromTheCacheOfVerifiedTokens() throws Exception {
        String token = TestTokens.user("cached-" + UUID.randomUUID());
        send(token);
        double hits = meters.counter("seckill.gateway.jwt.cache", "result", "hit").count();
        double misses = meters.counter("seckill.gateway.jwt.cache", "result", "miss").count();

        HttpResponse<String> again = send(token);

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(meters.counter("seckill.gateway.jwt.cache", "result", "hit").count()).isEqualTo(hits + 1);
        assertThat(meters.counter("seckill.gateway.jwt.cache", "result", "miss").count()).isEqualTo(misses);
    }

    private double localRefusals() {
        return meters.counter("seckill.gateway.rate-limit.local-refusals").count();
    }

    private void warmUpTheRefusalPath() throws Exception {
        String token = TestTokens.user("warm-up-" + UUID.randomUUID());
        for (int i = 0; i < BURST + 5; i++) {
            send(token);
        }
    }

    private HttpResponse<String> send(String token) throws IOException, InterruptedException {
        // A request the gateway never answers fails the test instead of blocking the build. One did here, in
        // about one full run in four: the server stopped reading the keep-alive connection after the first
        // refusal from memory (reactor/reactor-netty#4361; see the root pom and GatewayEdgeIT).
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/orders"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
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
