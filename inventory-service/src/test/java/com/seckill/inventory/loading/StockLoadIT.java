package com.seckill.inventory.loading;

import com.seckill.inventory.InventoryTestServers;
import com.seckill.inventory.stock.StockKeys;
import org.junit.jupiter.api.AfterEach;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stock load product-service calls when it publishes an activity, on the real Redis and MySQL. A
 * counter lost by Redis is rebuilt only after the stock ledger caught up: see StockRebuildIT, which runs
 * with the ledger.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StockLoadIT {

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        InventoryTestServers.registerWithoutLedger(registry);
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Long> activities = new ArrayList<>();

    @AfterEach
    void cleanRedis() {
        activities.forEach(id -> redis.delete(List.of(StockKeys.remaining(id), StockKeys.reservedUnits(id))));
    }

    @Test
    void firstLoadPutsTheWholeStockInRedisAndTheRecordInMysql() throws Exception {
        long id = newActivityId();

        HttpResponse<String> response = load(id, 120);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode state = json.readTree(response.body());
        assertThat(state.get("activityId").asString()).isEqualTo(Long.toString(id));
        assertThat(state.get("remaining").asLong()).isEqualTo(120);
        assertThat(state.get("loaded").asBoolean()).isTrue();
        assertThat(redis.opsForValue().get("seckill:stock:{" + id + "}")).isEqualTo("120");
        assertThat(record(id)).containsEntry("total", 120).containsEntry("available", 120).containsEntry("sold", 0);
    }

    @Test
    void aRepeatedLoadNeverResetsUnitsAlreadySold() throws Exception {
        long id = newActivityId();
        load(id, 10);
        redis.opsForValue().decrement(StockKeys.remaining(id), 4);

        JsonNode again = json.readTree(load(id, 10).body());

        assertThat(again.get("loaded").asBoolean()).isFalse();
        assertThat(again.get("remaining").asLong()).isEqualTo(6);
        assertThat(redis.opsForValue().get(StockKeys.remaining(id))).isEqualTo("6");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM activity_stock WHERE activity_id = ?").param(id).query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void aLoadWithoutPositiveStockIs400() throws Exception {
        long id = newActivityId();

        HttpResponse<String> response = load(id, 0);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json.readTree(response.body()).get("code").asString()).isEqualTo("VALIDATION_FAILED");
        assertThat(redis.hasKey(StockKeys.remaining(id))).isFalse();
    }

    private long newActivityId() {
        long id = ThreadLocalRandom.current().nextLong(5_000_000_000L, 6_000_000_000L);
        activities.add(id);
        return id;
    }

    private Map<String, Object> record(long id) {
        return jdbc.sql("SELECT total, available, sold FROM activity_stock WHERE activity_id = ?").param(id).query().singleRow();
    }

    private HttpResponse<String> load(long id, int totalStock) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/internal/activities/" + id + "/stock"))
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"totalStock\":" + totalStock + "}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
