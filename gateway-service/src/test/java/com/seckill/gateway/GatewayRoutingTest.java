package com.seckill.gateway;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's routing table and error shape, against a stand-in product-service found through
 * Spring Cloud's simple discovery client (the same lb:// resolution as with Eureka). The end-to-end
 * test in tools/launcher runs the same paths against the real services registered in Eureka.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayRoutingTest {

    private static final Map<String, String> lastHeaders = new ConcurrentHashMap<>();
    private static final HttpServer productStub = startProductStub();

    @Value("${local.server.port}")
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void discovery(DynamicPropertyRegistry registry) {
        registry.add("eureka.client.enabled", () -> "false");
        registry.add("spring.cloud.discovery.client.simple.instances.product-service[0].uri",
                () -> "http://127.0.0.1:" + productStub.getAddress().getPort());
    }

    @AfterAll
    static void stopStub() {
        productStub.stop(0);
    }

    @Test
    void routesCatalogCallsToProductServiceByName() throws Exception {
        HttpResponse<String> response = get("/api/activities");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("[]");
        assertThat(lastHeaders).containsEntry("path", "/api/activities");
    }

    @Test
    void stripsClientSentIdentityHeaders() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri("/api/products"))
                .header("X-User-Id", "someone-else")
                .header("X-User-Roles", "ADMIN")
                .build();
        http.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(lastHeaders).containsEntry("path", "/api/products");
        assertThat(lastHeaders).doesNotContainKeys("x-user-id", "x-user-roles");
    }

    @Test
    void unknownPathIsProblemJson404() throws Exception {
        HttpResponse<String> response = get("/api/no-such-thing");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"code\":\"NOT_FOUND\"", "\"status\":404", "\"type\":\"urn:seckill:problem:not-found\"");
    }

    @Test
    void serviceWithNoInstanceIs503WithRetryAfter() throws Exception {
        HttpResponse<String> response = get("/api/orders/42");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(response.body()).contains("\"code\":\"SERVICE_UNAVAILABLE\"").doesNotContain("order-service");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/products/../../actuator/env", "/api/products/%2e%2e/%2e%2e/actuator/env",
            "/api/products/..%2f..%2factuator/env", "/api/products//actuator", "/api/products/1;jsessionid=x"})
    void pathsThatCouldEscapeTheRouteAreRefused(String path) throws Exception {
        lastHeaders.clear();

        HttpResponse<String> response = get(path);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"code\":\"VALIDATION_FAILED\"");
        assertThat(lastHeaders).as("nothing reaches the service").isEmpty();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static HttpServer startProductStub() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                lastHeaders.clear();
                exchange.getRequestHeaders().forEach((name, values) -> lastHeaders.put(name.toLowerCase(), values.get(0)));
                lastHeaders.put("path", exchange.getRequestURI().getPath());
                byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("Could not start the product-service stand-in", e);
        }
    }
}
