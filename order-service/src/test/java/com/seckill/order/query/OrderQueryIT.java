package com.seckill.order.query;

import com.seckill.testsupport.TestServers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading orders on the real MySQL: a buyer sees their own orders and nobody else's (OWASP API1). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OrderQueryIT {

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        TestServers.register(registry);
        registry.add("SECKILL_ORDER_DB", () -> "seckill_order_query_it");
        registry.add("SECKILL_JWT_SECRET", () -> "test-secret-of-at-least-32-bytes-long!");
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void twoBuyers() {
        jdbc.sql("DELETE FROM orders").update();
        insertOrder(101, "alice", Instant.parse("2026-11-27T10:00:00Z"));
        insertOrder(102, "alice", Instant.parse("2026-11-27T10:00:05Z"));
        insertOrder(201, "bob", Instant.parse("2026-11-27T10:00:01Z"));
    }

    @Test
    void aBuyerReadsTheirOwnOrder() throws Exception {
        HttpResponse<String> response = get("/api/orders/101", "alice");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode order = json.readTree(response.body());
        assertThat(order.get("orderId").asString()).isEqualTo("101");
        assertThat(order.get("activityId").asString()).isEqualTo("7");
        assertThat(order.get("amountCents").asLong()).isEqualTo(4_990);
        assertThat(order.get("status").asString()).isEqualTo("CREATED");
        assertThat(order.get("createdAt").asString()).isEqualTo("2026-11-27T10:00:00Z");
    }

    @Test
    void anotherBuyersOrderIsExactlyLikeAMissingOne() throws Exception {
        HttpResponse<String> someoneElses = get("/api/orders/201", "alice");
        HttpResponse<String> missing = get("/api/orders/999", "alice");
        HttpResponse<String> malformed = get("/api/orders/not-an-id", "alice");

        for (HttpResponse<String> response : new HttpResponse[] {someoneElses, missing, malformed}) {
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(json.readTree(response.body()).get("code").asString()).isEqualTo("NOT_FOUND");
        }
        assertThat(someoneElses.body().replace("201", "999")).as("same answer but for the id").isEqualTo(missing.body());
    }

    @Test
    void theListHoldsOnlyTheCallersOrdersNewestFirst() throws Exception {
        JsonNode orders = json.readTree(get("/api/orders", "alice").body());

        assertThat(orders.findValuesAsString("orderId")).containsExactly("102", "101");
    }

    @Test
    void withoutTheGatewaysIdentityTheCallIs401() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/orders")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json.readTree(response.body()).get("code").asString()).isEqualTo("UNAUTHORIZED");
    }

    private void insertOrder(long orderId, String userId, Instant createdAt) {
        jdbc.sql("""
                        INSERT INTO orders (order_id, user_id, activity_id, product_id, quantity, amount_cents, status, created_at)
                        VALUES (?, ?, 7, 3, 1, 4990, 'CREATED', ?)
                        """)
                .params(orderId, userId, Timestamp.from(createdAt)).update();
    }

    private HttpResponse<String> get(String path, String userId) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("X-User-Id", userId).header("X-User-Roles", "USER").build(), HttpResponse.BodyHandlers.ofString());
    }
}
