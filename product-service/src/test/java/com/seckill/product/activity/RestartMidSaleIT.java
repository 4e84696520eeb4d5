package com.seckill.product.activity;

import com.seckill.inventory.stock.StockKeys;
import com.seckill.inventory.InventoryServiceApplication;
import com.seckill.product.ProductServiceApplication;
import com.seckill.product.catalog.AdminCalls;
import com.seckill.product.catalog.CatalogKeys;
import com.seckill.testsupport.SiblingApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * product-service restarted in the middle of a sale (one application context closed, a new one
 * started on the same schema and Redis): the new one re-warms the read model at start-up and
 * re-publishes the stock, without resetting the units already sold.
 */
class RestartMidSaleIT {

    static final String SCHEMA = "seckill_product_restart_it";

    ConfigurableApplicationContext inventory;
    ConfigurableApplicationContext product;
    long activityId;

    @BeforeEach
    void inventoryService() {
        inventory = SiblingApplication.start(InventoryServiceApplication.class,
                Map.of("SECKILL_INVENTORY_DB", "seckill_inventory_restart_it", "SERVER_PORT", 0));
    }

    /** Nothing left for a later run's start-up warm-up to publish again. */
    @AfterEach
    void stopAndClean() {
        StringRedisTemplate redis = inventory.getBean(StringRedisTemplate.class);
        if (product != null && product.isActive()) {
            JdbcClient jdbc = product.getBean(JdbcClient.class);
            jdbc.sql("SELECT id FROM activities").query(Long.class).list()
                    .forEach(id -> redis.delete(StockKeys.remaining(id)));
            jdbc.sql("DELETE FROM activities").update();
            jdbc.sql("DELETE FROM products").update();
            product.close();
        }
        redis.delete(StockKeys.remaining(activityId));
        redis.delete(redis.keys("seckill:catalog:" + SCHEMA + ":*"));
        inventory.close();
    }

    @Test
    void aRestartDuringASaleReWarmsWithoutResettingStockAlreadySold() throws Exception {
        product = startProductService();
        JsonMapper json = product.getBean(JsonMapper.class);
        // inventory's connection: it outlives both product-service contexts
        StringRedisTemplate redis = inventory.getBean(StringRedisTemplate.class);
        CatalogKeys keys = new CatalogKeys(product.getEnvironment().getRequiredProperty("seckill.catalog.key-prefix"));
        product.getBean(JdbcClient.class).sql("ALTER TABLE activities AUTO_INCREMENT = "
                + ThreadLocalRandom.current().nextLong(1_000_000_000L, 2_000_000_000L)).update();
        AdminCalls before = AdminCalls.to(port(product));
        String productId = json.readTree(before.postAsAdmin("/api/admin/products", AdminCalls.product("Drone", 59_900)).body())
                .get("id").asString();
        Instant now = Instant.now();
        HttpResponse<String> created = before.postAsAdmin("/api/admin/activities", AdminCalls.activity(productId,
                "Drone flash sale", 50, now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofHours(1))));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        activityId = Long.parseLong(json.readTree(created.body()).get("id").asString());
        assertThat(redis.opsForValue().get(StockKeys.remaining(activityId))).isEqualTo("50");

        redis.opsForValue().decrement(StockKeys.remaining(activityId), 7); // seven units sold
        product.close();
        // Whatever the old instance left of the read model is gone: only a re-warm can bring it back.
        redis.delete(redis.keys(keys.prefix() + "*"));
        product = startProductService();

        assertThat(redis.opsForValue().get(StockKeys.remaining(activityId))).as("units sold stay sold").isEqualTo("43");
        assertThat(redis.opsForValue().get(keys.activity(activityId))).as("re-warmed at start-up").contains("Drone flash sale");
        assertThat(redis.opsForValue().get(keys.activityList())).contains("Drone flash sale");
        JsonNode activity = json.readTree(AdminCalls.to(port(product)).get("/api/activities/" + activityId).body());
        assertThat(activity.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(activity.get("remainingStock").asInt()).isEqualTo(43);
        assertThat(activity.get("totalStock").asInt()).isEqualTo(50);
        Map<String, Object> record = inventory.getBean(JdbcClient.class)
                .sql("SELECT total, available FROM activity_stock WHERE activity_id = ?").param(activityId).query().singleRow();
        assertThat(record).as("the stock record was made once, not again").containsEntry("total", 50);
    }

    private ConfigurableApplicationContext startProductService() {
        return SiblingApplication.start(ProductServiceApplication.class, Map.of(
                "SECKILL_PRODUCT_DB", SCHEMA,
                "SERVER_PORT", 0,
                "SECKILL_JWT_SECRET", "test-secret-of-at-least-32-bytes-long!",
                "seckill.catalog.warm-up.interval", "1h",
                "spring.cloud.discovery.client.simple.instances.inventory-service[0].uri", "http://127.0.0.1:" + port(inventory)));
    }

    private static int port(ConfigurableApplicationContext context) {
        return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }
}
