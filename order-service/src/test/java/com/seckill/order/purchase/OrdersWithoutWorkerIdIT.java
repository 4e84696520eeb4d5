package com.seckill.order.purchase;

import com.seckill.events.order.OrderPlacedEvent;
import com.seckill.order.id.RedisLink;
import com.seckill.testsupport.TestServers;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An order-service that cannot reach Redis long enough for its worker-id lease to run out refuses
 * orders with 503 problem+json (nothing else it could do is safe: an id made now could be another
 * instance's), and takes a lease again once Redis answers. Its Redis is behind a link the test cuts.
 * product-service is a stand-in; no inventory-service: an order is refused before it would be reserved.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OrdersWithoutWorkerIdIT {

    static final String SECRET = "test-secret-of-at-least-32-bytes-long!";
    static final RedisLink link = new RedisLink(TestServers.redisUrl());
    static final ProductStandIn product = ProductStandIn.start();

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        TestServers.register(registry);
        registry.add("SECKILL_REDIS_URL", () -> "redis://127.0.0.1:" + link.port());
        registry.add("SECKILL_ORDER_DB", () -> "seckill_order_placement_it");
        registry.add("SECKILL_JWT_SECRET", () -> SECRET);
        registry.add("SECKILL_WORKER_LEASE_TTL", () -> "PT3S");
        registry.add("SECKILL_WORKER_LEASE_RENEW_EVERY", () -> "PT1S");
        registry.add("SECKILL_WORKER_LEASE_RETRY_EVERY", () -> "PT0.3S");
        registry.add("SECKILL_WORKER_LEASE_MARGIN", () -> "PT0.5S");
        // no payment-check consumers: this test places no order
        registry.add("SECKILL_PAYMENT_CHECKS", () -> "false");
        registry.add("spring.cloud.discovery.client.simple.instances.product-service[0].uri", product::uri);
        // Before the context starts, or the broker gate closes at start-up and refuses orders for that reason instead.
        TestServers.createTopics(OrderPlacedEvent.TOPIC);
    }

    @AfterAll
    static void stop() {
        link.close();
        product.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @Test
    void withoutAWorkerIdAnOrderIs503ProblemJsonUntilRedisAnswersAgain() throws Exception {
        Instant now = Instant.now();
        long sale = product.sale(1, now.minus(Duration.ofMinutes(1)), now.plus(Duration.ofHours(1)));
        await().atMost(Duration.ofSeconds(10)).until(() -> workerId() >= 0);
        double refusedBefore = refusedForNoWorkerId();

        link.cut();
        await().atMost(Duration.ofSeconds(10)).until(() -> workerId() == -1);
        HttpResponse<String> refused = order(sale, "no-worker-id");

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(refused.headers().firstValue("Retry-After")).contains("1");
        assertThat(refused.body()).contains("\"code\":\"SERVICE_UNAVAILABLE\"");
        assertThat(refusedForNoWorkerId()).isEqualTo(refusedBefore + 1);

        link.restore();
        // Lettuce reconnects on its own back-off (up to seconds after a few failed attempts).
        await().atMost(Duration.ofSeconds(40)).until(() -> workerId() >= 0);
    }

    private HttpResponse<String> order(long sale, String user) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/activities/" + sale + "/orders"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("X-User-Id", user).header("X-User-Roles", "USER")
                .POST(HttpRequest.BodyPublishers.ofString("{\"quantity\":1}"))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private double workerId() {
        return meters.get("seckill.orders.worker.id").gauge().value();
    }

    private double refusedForNoWorkerId() {
        return meters.counter("seckill.orders.placed", "outcome", "worker_id_unavailable").count();
    }
}
