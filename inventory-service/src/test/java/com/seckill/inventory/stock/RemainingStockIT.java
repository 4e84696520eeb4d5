package com.seckill.inventory.stock;

import com.seckill.inventory.InventoryApi;
import com.seckill.inventory.InventoryTestServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The remaining units product-service's catalog asks for, on the real Redis and MySQL. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RemainingStockIT {

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        InventoryTestServers.registerWithoutLedger(registry);
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    JsonMapper json;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Long> activities = new ArrayList<>();

    @AfterEach
    void cleanRedis() {
        activities.forEach(id -> redis.delete(List.of(StockKeys.remaining(id), StockKeys.reservedUnits(id))));
    }

    @Test
    void otherServicesAskForTheRemainingUnitsOfLoadedSalesAndNeverBelowZero() throws Exception {
        long loaded = newActivityId();
        long oversold = newActivityId();
        long never = newActivityId();
        new InventoryApi(port, json).load(loaded, 30);
        redis.opsForValue().decrement(StockKeys.remaining(loaded), 4);
        redis.opsForValue().set(StockKeys.remaining(oversold), "-2");

        HttpResponse<String> response = get("/internal/stock/remaining?activityIds=" + loaded + "," + oversold + "," + never);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json.readTree(response.body()).properties()).extracting(Map.Entry::getKey, e -> e.getValue().asLong())
                .containsExactly(tuple(Long.toString(loaded), 26L),
                        tuple(Long.toString(oversold), 0L));
        HttpResponse<String> tooMany = get("/internal/stock/remaining?activityIds="
                + String.join(",", Collections.nCopies(InternalRemainingStockController.MAX_ACTIVITIES + 1, "1")));
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(json.readTree(tooMany.body()).get("code").asString()).isEqualTo("VALIDATION_FAILED");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private long newActivityId() {
        long id = ThreadLocalRandom.current().nextLong(5_000_000_000L, 6_000_000_000L);
        activities.add(id);
        return id;
    }
}
