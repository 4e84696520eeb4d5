package com.seckill.gateway;

import com.seckill.testsupport.TestServers;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway with the {@code bench} profile: its three routes to baseline-sync beside the product's,
 * on real Redis (rate limits), with a stand-in for baseline-sync found through Spring Cloud's simple
 * discovery client (the same lb:// resolution as with Eureka).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("bench")
class BenchRoutesIT {

    private static final Map<String, String> lastRequest = new ConcurrentHashMap<>();
    private static final AtomicInteger stubCalls = new AtomicInteger();
    private static final HttpServer stub = startStub();

    @Value("${local.server.port}")
    int port;

    @Autowired
    RouteLocator routeLocator;

    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        TestServers.register(registry);
        registry.add("SECKILL_JWT_SECRET", () -> TestTokens.SECRET);
        registry.add("SECKILL_RATE_LIMIT_USER_PER_SECOND", () -> "1");
        registry.add("SECKILL_RATE_LIMIT_USER_BURST", () -> "3");
        // The rival's route waits as long as the order route, not as long as the others: 1 s against 6 s,
        // around the stand-in's 4 s, shows which.
        registry.add("SECKILL_GATEWAY_TIMEOUT", () -> "6s");
        registry.add("SECKILL_GATEWAY_ORDER_TIMEOUT", () -> "1s");
        registry.add("spring.cloud.discovery.client.simple.instances.baseline-sync[0].uri",
                () -> "http://127.0.0.1:" + stub.getAddress().getPort());
    }

    @AfterAll
    static void stopStub() {
        stub.stop(0);
    }

    @BeforeEach
    void forgetLastRequest() {
        lastRequest.clear();
    }

    @Test
    void theBenchRoutesAreAddedToTheApplicationsRoutes() {
        List<String> ids = routeLocator.getRoutes().map(Route::getId).collectList().block(Duration.ofSeconds(10));

        assertThat(ids).contains("bench-plain", "bench-filtered", "baseline")
                .as("the yml's routes are still there").contains("order-service", "product-service", "inventory-service", "auth");
    }

    @Test
    void benchPlainReachesThePingWithoutAToken() throws Exception {
        HttpResponse<String> response = send(get("/bench/plain"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("pong");
        assertThat(lastRequest).containsEntry("path", "/bench/ping").doesNotContainKeys("x-user-id", "x-user-roles");
    }

    @Test
    void benchPlainIsOnlyAGet() throws Exception {
        int before = stubCalls.get();

        HttpResponse<String> response = send(get("/bench/plain").POST(HttpRequest.BodyPublishers.ofString("x")));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(stubCalls.get()).isEqualTo(before);
    }

    @Test
    void benchFilteredWithoutATokenIs401ProblemJson() throws Exception {
        int before = stubCalls.get();

        HttpResponse<String> response = send(get("/api/bench/ping"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertProblem(response, "UNAUTHORIZED");
        assertThat(stubCalls.get()).as("nothing reaches baseline-sync").isEqualTo(before);
    }

    @Test
    void benchFilteredWithATokenReachesThePingWithTheCallersIdentity() throws Exception {
        HttpResponse<String> response = send(get("/api/bench/ping").header("Authorization", "Bearer " + TestTokens.user("bench-" + UUID.randomUUID())));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("pong");
        assertThat(lastRequest).containsEntry("path", "/bench/ping").containsEntry("x-user-roles", "USER");
    }

    @Test
    void benchFilteredIsRateLimitedPerUser() throws Exception {
        assertRateLimitedPerUser("/api/bench/ping");
    }

    @Test
    void theBaselineRouteForwardsThePathAndTheCallersIdentity() throws Exception {
        HttpResponse<String> response = send(get("/api/baseline/activities/7/orders")
                .header("Authorization", "Bearer " + TestTokens.user("1001"))
                .header("X-User-Id", "someone-else")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"quantity\":1}")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(lastRequest).containsEntry("path", "/api/baseline/activities/7/orders")
                .containsEntry("x-user-id", "1001").containsEntry("body", "{\"quantity\":1}");
    }

    @Test
    void theBaselineRouteNeedsAToken() throws Exception {
        HttpResponse<String> response = send(get("/api/baseline/activities/7"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertProblem(response, "UNAUTHORIZED");
    }

    @Test
    void theBaselineRouteIsRateLimitedPerUser() throws Exception {
        assertRateLimitedPerUser("/api/baseline/activities/7");
    }

    @Test
    void theBaselineRouteHasACircuitBreakerWithTheOrderRoutesTimeLimit() throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> response = send(get("/api/baseline/slow").header("Authorization", "Bearer " + TestTokens.user("slow-" + UUID.randomUUID())));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertProblem(response, "SERVICE_UNAVAILABLE");
        assertThat(took).as("the order route's 1 s time limit answers, not the 4 s service nor the other routes' 6 s").isLessThan(Duration.ofMillis(3_000));
    }

    private void assertRateLimitedPerUser(String path) throws Exception {
        String token = TestTokens.user("burst-" + UUID.randomUUID());
        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> limited = null;
        for (int i = 0; i < 8; i++) {
            HttpResponse<String> response = send(get(path).header("Authorization", "Bearer " + token));
            statuses.add(response.statusCode());
            if (response.statusCode() == 429) {
                limited = response;
            }
        }

        assertThat(statuses).filteredOn(status -> status == 200).as("burst 3, 1 per second").hasSizeBetween(3, 4);
        assertThat(limited).isNotNull();
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
        assertProblem(limited, "RATE_LIMITED");
        HttpResponse<String> otherUser = send(get(path).header("Authorization", "Bearer " + TestTokens.user("other-" + UUID.randomUUID())));
        assertThat(otherUser.statusCode()).as("another user has a bucket of their own").isEqualTo(200);
    }

    private static void assertProblem(HttpResponse<String> response, String code) {
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"code\":\"" + code + "\"", "\"status\":" + response.statusCode());
    }

    private HttpRequest.Builder get(String path) {
        // A request the gateway never answers fails the test instead of blocking the build.
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Stands in for baseline-sync: /bench/ping answers pong, /slow takes 4 s, the rest 200 {}. */
    private static HttpServer startStub() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                stubCalls.incrementAndGet();
                exchange.getRequestHeaders().forEach((name, values) -> lastRequest.put(name.toLowerCase(), values.get(0)));
                lastRequest.put("path", exchange.getRequestURI().getRawPath());
                lastRequest.put("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                String path = exchange.getRequestURI().getPath();
                if (path.endsWith("/slow")) {
                    try {
                        Thread.sleep(4_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                boolean ping = path.equals("/bench/ping");
                byte[] body = (ping ? "pong" : "{}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", ping ? "text/plain" : "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.setExecutor(Executors.newCachedThreadPool());
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("Could not start the baseline-sync stand-in", e);
        }
    }
}
