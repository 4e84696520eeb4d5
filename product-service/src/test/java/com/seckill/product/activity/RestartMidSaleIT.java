package com.seckill.product.activity;

import com.seckill.product.ProductServiceApplication;
import com.seckill.product.catalog.AdminCalls;
import com.seckill.product.catalog.CatalogKeys;
import com.seckill.testsupport.SiblingApplication;
import org.junit.jupiter.api.AfterEach;
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
 * re-publishes the stock with the same total, which inventory-service (here its stand-in) keeps
 * without resetting the units already sold.
 */
class RestartMidSaleIT {

    static final String SCHEMA = "seckill_product_restart_it";

    final InventoryStandIn inventory = InventoryStandIn.start();
    ConfigurableApplicationContext product;

    /** Nothing left for a later run's start-up warm-up to publish again. */
    @AfterEach
    void stopAndClean() {
        if (product != null && product.isActive()) {
            JdbcClient jdbc = product.getBean(JdbcClient.class);
            jdbc.sql("DELETE FROM activities").update();
            jdbc.sql("DELETE FROM products").update();
            StringRedisTemplate redis = product.getBean(StringRedisTemplate.class);
            redis.delete(redis.keys("seckill:catalog:" + SCHEMA + ":*"));
            product.close();
        }
        inventory.close();
    }

    @Test
    void aRestartDuringASaleReWarmsWithoutResettingStockAlreadySold() throws Exception {
        product = startProductService();
        JsonMapper json = product.getBean(JsonMapper.class);
        StringRedisTemplate redis = product.getBean(StringRedisTemplate.class);
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
        long activityId = Long.parseLong(json.readTree(created.body()).get("id").asString());
        assertThat(inventory.loadsOf(activityId)).containsExactly(50);

        inventory.sell(activityId, 7);
        // The old instance's read model goes with it: only a re-warm can bring it back.
        redis.delete(redis.keys(keys.prefix() + "*"));
        product.close();
        product = startProductService();
        redis = product.getBean(StringRedisTemplate.class);

        assertThat(inventory.loadsOf(activityId)).as("re-published at start-up, with the same total").containsExactly(50, 50);
        assertThat(inventory.remaining(activityId)).as("units sold stay sold").isEqualTo(43);
        assertThat(redis.opsForValue().get(keys.activity(activityId))).as("re-warmed at start-up").contains("Drone flash sale");
        assertThat(redis.opsForValue().get(keys.activityList())).contains("Drone flash sale");
        JsonNode activity = json.readTree(AdminCalls.to(port(product)).get("/api/activities/" + activityId).body());
        assertThat(activity.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(activity.get("remainingStock").asInt()).isEqualTo(43);
        assertThat(activity.get("totalStock").asInt()).isEqualTo(50);
    }

    private ConfigurableApplicationContext startProductService() {
        return SiblingApplication.start(ProductServiceApplication.class, Map.of(
                "SECKILL_PRODUCT_DB", SCHEMA,
                "SERVER_PORT", 0,
                "SECKILL_JWT_SECRET", "test-secret-of-at-least-32-bytes-long!",
                "seckill.catalog.warm-up.interval", "1h",
                "spring.cloud.discovery.client.simple.instances.inventory-service[0].uri", inventory.uri()));
    }

    private static int port(ConfigurableApplicationContext context) {
        return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }
}
