package com.seckill.product.activity;

import com.seckill.testsupport.TestServers;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
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
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public activity reads on the real MySQL, schema created by the service's own Flyway migrations.
 * inventory-service is a stand-in ({@link InventoryStandIn}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ActivityApiIT {

    private static final InventoryStandIn inventory = InventoryStandIn.start();

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        TestServers.register(registry);
        registry.add("SECKILL_PRODUCT_DB", () -> "seckill_product_it");
        registry.add("SECKILL_JWT_SECRET", () -> "test-secret-of-at-least-32-bytes-long!");
        // These tests write rows behind the service's back: no in-process copy may outlive a test.
        registry.add("seckill.catalog.local-ttl", () -> "0s");
        registry.add("seckill.catalog.stock-ttl", () -> "0s");
        registry.add("spring.cloud.discovery.client.simple.instances.inventory-service[0].uri",
                inventory::uri);
    }

    @AfterAll
    static void stopInventoryStandIn() {
        inventory.close();
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    MeterRegistry meters;

    @Value("${seckill.catalog.key-prefix}")
    String readModelPrefix;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void emptyCatalog() {
        inventory.forget();
        inventory.available(true);
        jdbc.sql("DELETE FROM activities").update();
        jdbc.sql("DELETE FROM products").update();
        // ...and the read model of this schema that earlier tests left in Redis
        redis.delete(redis.keys(readModelPrefix + "*"));
        // Stock keys carry no schema and this Redis is shared (a local suite, a bench): ids far from theirs.
        jdbc.sql("ALTER TABLE activities AUTO_INCREMENT = "
                + ThreadLocalRandom.current().nextLong(1_000_000_000L, 2_000_000_000L)).update();
    }

    @Test
    void freshCatalogListsNoActivities() throws Exception {
        HttpResponse<String> response = get("/api/activities");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(json.readTree(response.body()).isArray()).isTrue();
        assertThat(json.readTree(response.body())).isEmpty();
    }

    @Test
    void listsActivitiesWithStatusFromTheClock() throws Exception {
        long product = insertProduct("Phone", 99_900);
        Instant now = Instant.now();
        long active = insertActivity(product, "Phone at half price", now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofHours(1)));
        insertActivity(product, "Tomorrow's deal", now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(2)));
        insertActivity(product, "Yesterday's deal", now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)));

        JsonNode all = json.readTree(get("/api/activities").body());
        assertThat(all).hasSize(3);
        assertThat(all.findValuesAsString("status")).containsExactlyInAnyOrder("ACTIVE", "UPCOMING", "ENDED");

        JsonNode activeOnly = json.readTree(get("/api/activities?status=ACTIVE").body());
        assertThat(activeOnly).hasSize(1);
        JsonNode activity = activeOnly.get(0);
        assertThat(activity.get("id").isString()).as("ids are strings in JSON").isTrue();
        assertThat(activity.get("id").asString()).isEqualTo(Long.toString(active));
        assertThat(activity.get("productId").asString()).isEqualTo(Long.toString(product));
        assertThat(activity.get("seckillPriceCents").asLong()).isEqualTo(49_950);
        assertThat(activity.get("originalPriceCents").asLong()).isEqualTo(99_900);
        assertThat(activity.get("totalStock").asInt()).isEqualTo(100);
        assertThat(activity.get("remainingStock").asInt()).isEqualTo(100);
        assertThat(activity.get("limitPerUser").asInt()).isEqualTo(1);
    }

    @Test
    void oneActivityById() throws Exception {
        long product = insertProduct("Headphones", 19_900);
        long id = insertActivity(product, "Headphones", Instant.now(), Instant.now().plus(Duration.ofHours(1)));

        HttpResponse<String> response = get("/api/activities/" + id);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json.readTree(response.body()).get("title").asString()).isEqualTo("Headphones");
    }

    @Test
    void unknownActivityIsProblemJson404() throws Exception {
        HttpResponse<String> response = get("/api/activities/987654321");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("code").asString()).isEqualTo("NOT_FOUND");
        assertThat(problem.get("status").asInt()).isEqualTo(404);
        assertThat(problem.get("detail").asString()).contains("987654321");
    }

    @Test
    void badStatusFilterIsValidationProblem() throws Exception {
        HttpResponse<String> response = get("/api/activities?status=SOON");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("code").asString()).isEqualTo("VALIDATION_FAILED");
        assertThat(response.body()).doesNotContain("Exception", "com.seckill");
    }

    @Test
    void unknownPathIsProblemJson404() throws Exception {
        HttpResponse<String> response = get("/api/nothing-here");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json.readTree(response.body()).get("code").asString()).isEqualTo("NOT_FOUND");
    }

    @Test
    void remainingUnitsAreInventorysCountAndItsLastCountWhileItCannotAnswer() throws Exception {
        long product = insertProduct("Console", 49_900);
        Instant now = Instant.now();
        long active = insertActivity(product, "Console sale", now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofHours(1)));
        long unknown = insertActivity(product, "Console sale 2", now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofHours(1)));
        inventory.holds(active, 42);

        assertThat(remainingOf(get("/api/activities/" + active))).isEqualTo(42);
        double staleBefore = staleAnswers();
        inventory.available(false);

        assertThat(remainingOf(get("/api/activities/" + active))).as("the last count, while inventory cannot answer").isEqualTo(42);
        assertThat(staleAnswers()).isEqualTo(staleBefore + 1);
        HttpResponse<String> neverCounted = get("/api/activities/" + unknown);
        assertThat(neverCounted.statusCode()).as(neverCounted.body()).isEqualTo(503);
        assertThat(json.readTree(neverCounted.body()).get("code").asString()).isEqualTo("SERVICE_UNAVAILABLE");
        // order-service's read of the rules needs no count, so no inventory either
        HttpResponse<String> rules = get("/internal/activities/" + unknown);
        assertThat(rules.statusCode()).as(rules.body()).isEqualTo(200);
        assertThat(json.readTree(rules.body()).get("limitPerUser").asInt()).isEqualTo(1);
        assertThat(json.readTree(rules.body()).has("remainingStock")).isFalse();
        assertThat(get("/internal/activities/" + (unknown + 1_000)).statusCode()).isEqualTo(404);
    }

    @Test
    void anActivityIsCreatedEvenWhileInventoryServiceIsUnavailable() throws Exception {
        // inventory-service refuses the stock load: the publication fails fast in its circuit breaker,
        // and the scheduled warm-up will load the stock later.
        inventory.available(false);
        long product = insertProduct("Keyboard", 12_900);
        double failedBefore = publicationsFailed();
        Instant start = Instant.now().plus(Duration.ofHours(1));
        long began = System.nanoTime();

        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/admin/activities"))
                        .header("Content-Type", "application/json").header("X-User-Id", "1").header("X-User-Roles", "ADMIN")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"productId\":" + product + ",\"title\":\"Keyboard\","
                                + "\"seckillPriceCents\":6900,\"totalStock\":3,\"limitPerUser\":1,"
                                + "\"startAt\":\"" + start + "\",\"endAt\":\"" + start.plus(Duration.ofHours(1)) + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(5));
        assertThat(json.readTree(created.body()).get("remainingStock").asInt()).isEqualTo(3);
        assertThat(publicationsFailed()).isEqualTo(failedBefore + 1);
        assertThat(json.readTree(get("/api/activities?status=UPCOMING").body()).findValuesAsString("title")).containsExactly("Keyboard");
    }

    private int remainingOf(HttpResponse<String> activity) {
        assertThat(activity.statusCode()).as(activity.body()).isEqualTo(200);
        return json.readTree(activity.body()).get("remainingStock").asInt();
    }

    private double staleAnswers() {
        var counter = meters.find("seckill.catalog.stock.stale").counter();
        return counter == null ? 0 : counter.count();
    }

    private double publicationsFailed() {
        var counter = meters.find("seckill.catalog.publications").tag("outcome", "failed").counter();
        return counter == null ? 0 : counter.count();
    }

    private long insertProduct(String name, long priceCents) {
        jdbc.sql("INSERT INTO products (name, description, price_cents) VALUES (?, ?, ?)")
                .params(name, name + " for the test", priceCents).update();
        return jdbc.sql("SELECT MAX(id) FROM products").query(Long.class).single();
    }

    private long insertActivity(long productId, String title, Instant startAt, Instant endAt) {
        jdbc.sql("""
                        INSERT INTO activities (product_id, title, seckill_price_cents, total_stock, limit_per_user, start_at, end_at)
                        VALUES (?, ?, 49950, 100, 1, ?, ?)
                        """)
                .params(productId, title, Timestamp.from(startAt), Timestamp.from(endAt)).update();
        return jdbc.sql("SELECT MAX(id) FROM activities").query(Long.class).single();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
