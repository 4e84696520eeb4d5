package com.seckill.gateway;

import com.seckill.testsupport.TestServers;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of each service, one of them dead (its port refuses connections), as after a kill -9
 * while Eureka still lists it: no request fails for it, reads and orders alike go to the live one, and
 * an answer the live one gives (a 503 too) reaches the caller as it is, never retried.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DeadInstanceIT {

    private static final Queue<String> received = new ConcurrentLinkedQueue<>();
    private static final HttpServer live = startLiveInstance();
    private static final int deadPort = freePort();

    @Value("${local.server.port}")
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        TestServers.register(registry);
        registry.add("SECKILL_JWT_SECRET", () -> TestTokens.SECRET);
        // The test's own first requests meet the dead instance (round robin picks it within two), and it
        // stays left out for the whole test.
        registry.add("SECKILL_WARMUP_CALLS", () -> "0");
        registry.add("SECKILL_LB_SKIP_REFUSED_FOR", () -> "5m");
        String liveUri = "http://127.0.0.1:" + live.getAddress().getPort();
        String deadUri = "http://127.0.0.1:" + deadPort;
        for (String service : List.of("product-service", "order-service")) {
            // the dead one first: round robin would pick it for every other request
            registry.add("spring.cloud.discovery.client.simple.instances." + service + "[0].uri", () -> deadUri);
            registry.add("spring.cloud.discovery.client.simple.instances." + service + "[1].uri", () -> liveUri);
        }
    }

    @AfterAll
    static void stopLiveInstance() {
        live.stop(0);
    }

    @Test
    void readsAndOrdersAllReachTheLiveInstanceWithTheirBodies() throws Exception {
        received.clear();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            statuses.add(send(request("/api/activities").GET()).statusCode());
            statuses.add(send(request("/api/activities/7/orders")
                    .header("Authorization", "Bearer " + TestTokens.user("buyer-" + i))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"quantity\":1,\"token\":\"t" + i + "\"}"))).statusCode());
        }

        assertThat(statuses).as("nobody hears of the dead instance").containsOnly(200);
        assertThat(received).filteredOn(r -> r.startsWith("POST")).hasSize(10)
                .allSatisfy(r -> assertThat(r).contains("{\"quantity\":1,\"token\":\"t"));
        assertThat(received).filteredOn(r -> r.startsWith("GET /api/activities ")).hasSize(10);
        assertThat(metric("seckill_gateway_instances_refused_total"))
                .as("one refusal per service: retried elsewhere, then the dead instance left out").isEqualTo(2.0);
    }

    @Test
    void anAnswerFromTheLiveInstanceIsNeverRetriedEvenA503() throws Exception {
        received.clear();

        HttpResponse<String> response = send(request("/api/products/unavailable").GET());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(received).containsExactly("GET /api/products/unavailable ");
    }

    private double metric(String name) throws Exception {
        String all = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).GET()).body();
        return all.lines().filter(l -> l.startsWith(name)).mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpServer startLiveInstance() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                if (!path.startsWith("/api/activities/0/")) { // the gateway's warm-up, not this test's
                    received.add(exchange.getRequestMethod() + " " + path + " "
                            + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                }
                byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(path.endsWith("/unavailable") ? 503 : 200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.setExecutor(Executors.newCachedThreadPool());
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("Could not start the live instance", e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
