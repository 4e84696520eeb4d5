package com.seckill.order.purchase;

import com.seckill.events.order.OrderPlacedEvent;
import com.seckill.testsupport.TestServers;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The purchase API of order-service alone, on the real Redis, MySQL and broker, with stand-ins for
 * product-service (the sale's rules) and inventory-service (told what to answer): the sale window,
 * purchase tokens, and what each of inventory's answers becomes for the buyer. Many buyers racing
 * for real stock is the order path's test across the services (e2e-tests, OrderPathIT).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PurchaseIT {

    static final ProductStandIn product = ProductStandIn.start();
    static final InventoryStandIn inventory = InventoryStandIn.start();

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        TestServers.register(registry);
        TestServers.createTopics(OrderPlacedEvent.TOPIC);
        registry.add("SECKILL_ORDER_DB", () -> "seckill_order_purchase_it");
        registry.add("SECKILL_JWT_SECRET", () -> "test-secret-of-at-least-32-bytes-long!");
        // The sold-out flag holds for the whole test; its recheck is SoldOutFlagsTest's.
        registry.add("SECKILL_SOLD_OUT_RECHECK", () -> "PT60S");
        registry.add("spring.cloud.discovery.client.simple.instances.product-service[0].uri", product::uri);
        registry.add("spring.cloud.discovery.client.simple.instances.inventory-service[0].uri", inventory::uri);
    }

    @AfterAll
    static void stopStandIns() {
        product.close();
        inventory.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void tokensAreIssuedOnlyWhileTheSaleIsOn() throws Exception {
        Instant now = Instant.now();
        long upcoming = product.sale(1, now.plus(Duration.ofHours(1)), now.plus(Duration.ofHours(2)));
        long endingSoon = product.sale(1, now.minus(Duration.ofMinutes(1)), now.plus(Duration.ofSeconds(3)));

        assertProblem(token(upcoming, "u1"), 409, "NOT_STARTED");
        assertProblem(token(424242, "u1"), 404, "NOT_FOUND");
        HttpResponse<String> token = token(endingSoon, "u1");
        assertThat(token.statusCode()).isEqualTo(200);
        assertThat(Instant.parse(field(token, "expiresAt"))).isAfter(now);

        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(now.plus(Duration.ofSeconds(3))));
        assertProblem(token(endingSoon, "u1"), 409, "ENDED");
        assertProblem(order(endingSoon, "u1", "{\"quantity\":1,\"token\":\"" + field(token, "token") + "\"}"), 409, "ENDED");
        assertThat(inventory.askedFor(endingSoon)).isZero();
    }

    @Test
    void anOrderNeedsTheBuyersOwnTokenForThisSale() throws Exception {
        Instant now = Instant.now();
        long sale = product.sale(1, now.minus(Duration.ofMinutes(1)), now.plus(Duration.ofHours(1)));
        long otherSale = product.sale(1, now.minus(Duration.ofMinutes(1)), now.plus(Duration.ofHours(1)));
        String alicesToken = field(token(sale, "alice"), "token");
        String alicesOtherToken = field(token(otherSale, "alice"), "token");

        assertProblem(order(sale, "bob", withToken(alicesToken)), 403, "INVALID_SECKILL_TOKEN");
        assertProblem(order(sale, "alice", withToken(alicesOtherToken)), 403, "INVALID_SECKILL_TOKEN");
        assertProblem(order(sale, "alice", withToken("9999999999.AAAA")), 403, "INVALID_SECKILL_TOKEN");
        assertProblem(order(sale, "alice", withToken(alicesToken.replace('.', 'x'))), 403, "INVALID_SECKILL_TOKEN");
        assertProblem(order(sale, "alice", "{\"quantity\":0,\"token\":\"" + alicesToken + "\"}"), 400, "VALIDATION_FAILED");
        assertProblem(order(sale, "alice", withToken("")), 400, "VALIDATION_FAILED");
        assertThat(inventory.askedFor(sale)).as("nothing asked of inventory").isZero();
        // Tokens are not required here (SECKILL_PURCHASE_TOKEN_REQUIRED): one request buys; a given one must be valid.
        assertThat(order(sale, "carol", "{\"quantity\":1}").statusCode()).isEqualTo(202);

        HttpResponse<String> accepted = order(sale, "alice", withToken(alicesToken));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertThat(field(accepted, "status")).isEqualTo("PENDING");
        assertThat(inventory.reserved()).contains(field(accepted, "orderId"));
        HttpResponse<String> read = get("/api/orders/" + field(accepted, "orderId"), "alice");
        assertThat(read.statusCode()).as("a fresh order is PENDING, never 404, for its buyer").isEqualTo(200);
        assertThat(field(read, "status")).isEqualTo("PENDING");
        assertThat(field(read, "activityId")).isEqualTo(Long.toString(sale));
        assertThat(json.readTree(read.body()).get("amountCents").asLong()).isEqualTo(19_900);
        assertThat(get("/api/orders/" + field(accepted, "orderId"), "bob").statusCode()).isEqualTo(404);
    }

    @ParameterizedTest
    @CsvSource({
            "SOLD_OUT,          409, SOLD_OUT,            sold_out",
            "ALREADY_PURCHASED, 409, ALREADY_PURCHASED,   already_purchased",
            "LIMIT_EXCEEDED,    409, LIMIT_EXCEEDED,      limit_exceeded",
            "NOT_LOADED,        503, SERVICE_UNAVAILABLE, not_loaded"})
    void eachRefusalOfInventoryIsItsProblemForTheBuyer(String answer, int status, String code, String outcome) throws Exception {
        Instant now = Instant.now();
        long sale = product.sale(1, now.minus(Duration.ofMinutes(1)), now.plus(Duration.ofHours(1)));
        inventory.answers(sale, answer);
        double before = placed(outcome);

        HttpResponse<String> refused = order(sale, "dave", "{\"quantity\":1}");

        assertProblem(refused, status, code);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(refused.body()).doesNotContain("Exception", "com.seckill");
        assertThat(placed(outcome)).isEqualTo(before + 1);
    }

    @Test
    void onceInventorySaysSoldOutLaterBuyersAreRefusedWithoutAsking() throws Exception {
        Instant now = Instant.now();
        long sale = product.sale(1, now.minus(Duration.ofMinutes(1)), now.plus(Duration.ofHours(1)));
        String latesToken = field(token(sale, "late"), "token");
        inventory.answers(sale, "SOLD_OUT");
        assertProblem(order(sale, "first", "{\"quantity\":1}"), 409, "SOLD_OUT");
        long asked = inventory.askedFor(sale);

        assertProblem(order(sale, "late", withToken(latesToken)), 409, "SOLD_OUT");
        assertProblem(token(sale, "later"), 409, "SOLD_OUT");
        assertThat(inventory.askedFor(sale)).as("refused from memory").isEqualTo(asked);
    }

    private HttpResponse<String> token(long sale, String user) throws Exception {
        return send(post("/api/activities/" + sale + "/token", user, ""));
    }

    private HttpResponse<String> order(long sale, String user, String body) throws Exception {
        return send(post("/api/activities/" + sale + "/orders", user, body));
    }

    private HttpResponse<String> get(String path, String user) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("X-User-Id", user).header("X-User-Roles", "USER").GET().build());
    }

    private HttpRequest post(String path, String user, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").header("X-User-Id", user).header("X-User-Roles", "USER")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String withToken(String token) {
        return "{\"quantity\":1,\"token\":\"" + token + "\"}";
    }

    private String field(HttpResponse<String> response, String name) {
        JsonNode value = json.readTree(response.body()).get(name);
        return value == null ? null : value.asString();
    }

    private void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(field(response, "code")).isEqualTo(code);
    }

    private double placed(String outcome) {
        return meters.counter("seckill.orders.placed", "outcome", outcome).count();
    }
}
