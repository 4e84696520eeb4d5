package com.seckill.product.activity;

import com.seckill.product.catalog.AdminCalls;
import com.seckill.product.catalog.CatalogKeys;
import com.seckill.product.catalog.CountingDataSource;
import com.seckill.testsupport.TestServers;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The catalog's read model on the real MySQL and Redis, with inventory-service's stand-in
 * ({@link InventoryStandIn}): publication before the start, no SELECT at peak, live stock, unknown ids.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CatalogCacheIT {

    static final String SCHEMA = "seckill_product_cache_it";
    static final InventoryStandIn inventory = InventoryStandIn.start();

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        TestServers.register(registry);
        registry.add("spring.cloud.discovery.client.simple.instances.inventory-service[0].uri", inventory::uri);
        registry.add("SECKILL_PRODUCT_DB", () -> SCHEMA);
        registry.add("SECKILL_JWT_SECRET", () -> "test-secret-of-at-least-32-bytes-long!");
        // Short enough that 2,000 reads go through both levels, not only the in-process one.
        registry.add("seckill.catalog.local-ttl", () -> "100ms");
        // The test runs the warm-up itself; a scheduled run would be a SELECT in the middle of a count.
        registry.add("seckill.catalog.warm-up.interval", () -> "1h");
    }

    @TestConfiguration
    static class CountSelects {
        @Bean
        static BeanPostProcessor countingDataSource() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    return bean instanceof DataSource ds && !(bean instanceof CountingDataSource) ? new CountingDataSource(ds) : bean;
                }
            };
        }
    }

    @Value("${local.server.port}")
    int port;

    @Value("${seckill.catalog.key-prefix}")
    String prefix;

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    JsonMapper json;

    @Autowired
    ActivityWarmUp warmUp;

    @Autowired
    MeterRegistry meters;

    AdminCalls api;

    @BeforeEach
    void client() {
        api = AdminCalls.to(port);
        // Ids far from those of earlier runs, whose read model a start-up warm-up may still publish.
        long next = ThreadLocalRandom.current().nextLong(1_000_000_000L, 2_000_000_000L);
        jdbc.sql("ALTER TABLE activities AUTO_INCREMENT = " + next).update();
    }

    /** Everything this schema holds goes: the start-up warm-up of a later run would publish it again. */
    @AfterEach
    void cleanUp() {
        jdbc.sql("DELETE FROM activities").update();
        jdbc.sql("DELETE FROM products").update();
        redis.delete(redis.keys(prefix + "*"));
    }

    @AfterAll
    static void stopInventory() {
        inventory.close();
    }

    @Test
    void anActivityCreatedThroughTheApiIsInRedisBeforeItStarts() throws Exception {
        Instant startAt = Instant.now().plus(Duration.ofHours(2));
        String productId = createProduct("Console", 49_900);

        HttpResponse<String> created = api.postAsAdmin("/api/admin/activities",
                AdminCalls.activity(productId, "Console at half price", 25, startAt, startAt.plus(Duration.ofHours(1))));

        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode activity = json.readTree(created.body());
        long id = Long.parseLong(activity.get("id").asString());
        assertThat(created.headers().firstValue("Location")).hasValue("/api/activities/" + id);
        assertThat(activity.get("status").asString()).isEqualTo("UPCOMING");
        assertThat(activity.get("originalPriceCents").asLong()).isEqualTo(49_900);
        assertThat(activity.get("remainingStock").asInt()).isEqualTo(25);
        assertThat(Instant.now()).as("all of this happens before the sale").isBefore(startAt);
        assertThat(inventory.loadsOf(id)).as("its stock, sent to inventory-service").containsExactly(25);
        assertThat(redis.opsForValue().get(new CatalogKeys(prefix).activity(id))).as("read model").contains("Console at half price");
        assertThat(redis.opsForValue().get(new CatalogKeys(prefix).activityList())).contains("\"id\":" + id);
    }

    @Test
    void afterWarmUpTwoThousandReadsOfListAndDetailCauseNoSelect() throws Exception {
        long id = createActiveActivity("Laptop", 30);
        warmUp.warm("test", Instant.now().plus(Duration.ofMinutes(10)));
        double localHitsBefore = count("local", "hit");
        double redisHitsBefore = count("redis", "hit");
        long selectsBefore = selects();

        for (int i = 0; i < 2_000; i++) {
            HttpResponse<String> list = api.get(i % 2 == 0 ? "/api/activities" : "/api/activities?status=ACTIVE");
            HttpResponse<String> detail = api.get("/api/activities/" + id);
            assertThat(list.statusCode()).isEqualTo(200);
            assertThat(detail.statusCode()).isEqualTo(200);
        }

        assertThat(selects() - selectsBefore).as("SELECTs on the product schema during 4,000 reads").isZero();
        JsonNode active = json.readTree(api.get("/api/activities?status=ACTIVE").body());
        assertThat(active.findValuesAsString("id")).contains(Long.toString(id));
        assertThat(count("local", "hit")).as("served from the in-process cache").isGreaterThan(localHitsBefore + 1_000);
        assertThat(count("redis", "hit")).as("and from Redis when the in-process copy expired").isGreaterThan(redisHitsBefore);
        assertThat(meters.find("seckill.catalog.warmup").tag("trigger", "startup").timer()).isNotNull()
                .satisfies(t -> assertThat(t.count()).isGreaterThanOrEqualTo(1));
    }

    @Test
    void concurrentReadersOfAColdActivityCauseOneSelect() throws Exception {
        long productId = Long.parseLong(createProduct("Speaker", 9_900));
        long id = ThreadLocalRandom.current().nextLong(1_000_000_000L, 2_000_000_000L);
        // Written behind the service's back: on neither cache level, as if its read model had expired.
        jdbc.sql("""
                        INSERT INTO activities (id, product_id, title, seckill_price_cents, total_stock, limit_per_user, start_at, end_at)
                        VALUES (?, ?, 'Speaker', 4990, 5, 1, NOW(3), NOW(3) + INTERVAL 1 HOUR)
                        """).params(id, productId).update();
        long before = selects();

        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Future<HttpResponse<String>>> readers = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                readers.add(pool.submit(() -> api.get("/api/activities/" + id)));
            }
            for (Future<HttpResponse<String>> reader : readers) {
                assertThat(reader.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(selects() - before).as("one loader for the cold key; the other readers waited for it").isEqualTo(1);
    }

    @Test
    void remainingStockIsInventorysCountInTheDetailAndTheList() throws Exception {
        long id = createActiveActivity("Tablet", 10);

        inventory.sell(id, 3);
        // a count is cached for seckill.catalog.stock-ttl (1 s)
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() ->
                assertThat(json.readTree(api.get("/api/activities/" + id).body()).get("remainingStock").asInt()).isEqualTo(7));

        inventory.sell(id, 12);
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
            JsonNode mine = null;
            for (JsonNode activity : json.readTree(api.get("/api/activities?status=ACTIVE").body())) {
                if (activity.get("id").asString().equals(Long.toString(id))) {
                    mine = activity;
                }
            }
            assertThat(mine).isNotNull();
            assertThat(mine.get("remainingStock").asInt()).isZero();
        });
    }

    @Test
    void unknownIdsAre404WithoutADatabaseQueryOnTheSecondTry() throws Exception {
        long unknown = ThreadLocalRandom.current().nextLong(3_000_000_000L, 4_000_000_000L);
        for (String path : List.of("/api/activities/" + unknown, "/api/products/" + unknown)) {
            long before = selects();
            HttpResponse<String> first = api.get(path);
            long afterFirst = selects();
            HttpResponse<String> second = api.get(path);

            assertThat(first.statusCode()).isEqualTo(404);
            assertThat(second.statusCode()).isEqualTo(404);
            assertThat(json.readTree(second.body()).get("code").asString()).isEqualTo("NOT_FOUND");
            assertThat(afterFirst - before).as("the first try asks MySQL once").isEqualTo(1);
            assertThat(selects() - afterFirst).as("the second try does not").isZero();
        }
    }

    @Test
    void aChangedActivityIsPublishedAgainWithoutResettingItsStock() throws Exception {
        String productId = createProduct("Bike", 89_900);
        Instant start = Instant.now().plus(Duration.ofHours(3));
        HttpResponse<String> created = api.postAsAdmin("/api/admin/activities",
                AdminCalls.activity(productId, "Bike sale", 8, start, start.plus(Duration.ofHours(1))));
        long id = Long.parseLong(json.readTree(created.body()).get("id").asString());
        assertThat(json.readTree(api.get("/api/activities/" + id).body()).get("title").asString()).isEqualTo("Bike sale");
        inventory.sell(id, 2);
        Instant earlier = Instant.now().minus(Duration.ofMinutes(1));

        HttpResponse<String> changed = api.putAsAdmin("/api/admin/activities/" + id,
                AdminCalls.activity(productId, "Bike sale, now", 8, earlier, start.plus(Duration.ofHours(1))));
        HttpResponse<String> moreStock = api.putAsAdmin("/api/admin/activities/" + id,
                AdminCalls.activity(productId, "Bike sale, now", 80, earlier, start.plus(Duration.ofHours(1))));
        HttpResponse<String> unknown = api.putAsAdmin("/api/admin/activities/1",
                AdminCalls.activity(productId, "Nothing", 8, earlier, start));

        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        JsonNode read = json.readTree(api.get("/api/activities/" + id).body());
        assertThat(read.get("title").asString()).isEqualTo("Bike sale, now");
        assertThat(read.get("status").asString()).isEqualTo("ACTIVE");
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertThat(
                json.readTree(api.get("/api/activities/" + id).body()).get("remainingStock").asInt()).as("units sold stay sold").isEqualTo(6));
        assertThat(inventory.loadsOf(id)).as("published again, with the same total").containsExactly(8, 8);
        assertThat(redis.opsForValue().get(new CatalogKeys(prefix).activity(id))).contains("Bike sale, now");
        assertThat(moreStock.statusCode()).isEqualTo(400);
        assertThat(moreStock.body()).contains("totalStock");
        assertThat(unknown.statusCode()).isEqualTo(404);
    }

    @Test
    void aProductCreatedThroughTheApiIsReadableAtOnce() throws Exception {
        String id = createProduct("Camera", 120_000);

        HttpResponse<String> product = api.get("/api/products/" + id);

        assertThat(product.statusCode()).isEqualTo(200);
        assertThat(json.readTree(product.body()).get("priceCents").asLong()).isEqualTo(120_000);
        assertThat(json.readTree(product.body()).get("imageUrl").asString()).isEqualTo("https://img.example/Camera.png");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{}",
            "not json",
            "{\"productId\":\"%P\",\"title\":\"x\",\"seckillPriceCents\":100,\"totalStock\":10,\"limitPerUser\":1,\"startAt\":\"%E\",\"endAt\":\"%S\"}",
            "{\"productId\":\"%P\",\"title\":\"x\",\"seckillPriceCents\":0,\"totalStock\":10,\"limitPerUser\":1,\"startAt\":\"%S\",\"endAt\":\"%E\"}",
            "{\"productId\":\"%P\",\"title\":\"x\",\"seckillPriceCents\":100,\"totalStock\":-1,\"limitPerUser\":1,\"startAt\":\"%S\",\"endAt\":\"%E\"}",
            "{\"productId\":\"%P\",\"title\":\"x\",\"seckillPriceCents\":100,\"totalStock\":10,\"limitPerUser\":0,\"startAt\":\"%S\",\"endAt\":\"%E\"}",
            "{\"productId\":\"%P\",\"title\":\"\",\"seckillPriceCents\":100,\"totalStock\":10,\"limitPerUser\":1,\"startAt\":\"%S\",\"endAt\":\"%E\"}",
            "{\"productId\":\"%P\",\"title\":\"x\",\"seckillPriceCents\":100,\"totalStock\":10,\"limitPerUser\":1,\"startAt\":\"yesterday\",\"endAt\":\"%E\"}",
            "{\"productId\":\"999999999999\",\"title\":\"unknown product\",\"seckillPriceCents\":100,\"totalStock\":10,\"limitPerUser\":1,\"startAt\":\"%S\",\"endAt\":\"%E\"}",
            "{\"productId\":\"abc\",\"title\":\"x\",\"seckillPriceCents\":100,\"totalStock\":10,\"limitPerUser\":1,\"startAt\":\"%S\",\"endAt\":\"%E\"}"})
    void invalidActivitiesAre400AndCreateNothing(String template) throws Exception {
        String productId = createProduct("Watch", 9_900);
        Instant start = Instant.now().plus(Duration.ofHours(1));
        String body = template.replace("%P", productId).replace("%S", start.toString())
                .replace("%E", start.plus(Duration.ofHours(1)).toString());
        long before = activities();

        HttpResponse<String> response = api.postAsAdmin("/api/admin/activities", body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(json.readTree(response.body()).get("code").asString()).isEqualTo("VALIDATION_FAILED");
        assertThat(response.body()).doesNotContain("Exception", "com.seckill", "SQL");
        assertThat(activities()).isEqualTo(before);
    }

    @Test
    void onlyAdminsCreateAndAnonymousCallersAre401() throws Exception {
        String body = AdminCalls.product("Nope", 100);

        HttpResponse<String> user = api.post("/api/admin/products", body, "USER");
        HttpResponse<String> anonymous = api.post("/api/admin/activities", "{}", null);

        assertThat(user.statusCode()).isEqualTo(403);
        assertThat(json.readTree(user.body()).get("code").asString()).isEqualTo("FORBIDDEN");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(json.readTree(anonymous.body()).get("code").asString()).isEqualTo("UNAUTHORIZED");
    }

    private long createActiveActivity(String name, int stock) throws Exception {
        String productId = createProduct(name, 99_900);
        Instant now = Instant.now();
        HttpResponse<String> created = api.postAsAdmin("/api/admin/activities",
                AdminCalls.activity(productId, name + " flash sale", stock, now.minus(Duration.ofMinutes(1)), now.plus(Duration.ofHours(1))));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        long id = Long.parseLong(json.readTree(created.body()).get("id").asString());
        return id;
    }

    private String createProduct(String name, long priceCents) throws Exception {
        HttpResponse<String> created = api.postAsAdmin("/api/admin/products", AdminCalls.product(name, priceCents));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json.readTree(created.body()).get("id").asString();
    }

    private long selects() {
        return ((CountingDataSource) dataSource).selects();
    }

    private long activities() {
        return jdbc.sql("SELECT COUNT(*) FROM activities").query(Long.class).single();
    }

    private double count(String level, String result) {
        return meters.find("seckill.catalog.cache").tag("cache", "activity").tag("level", level).tag("result", result)
                .counters().stream().mapToDouble(c -> c.count()).sum()
                + meters.find("seckill.catalog.cache").tag("cache", "activity-list").tag("level", level).tag("result", result)
                .counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
