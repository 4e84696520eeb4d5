package com.seckill.inventory;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** inventory-service on the real MySQL and Redis: its schema, and readiness that depends on both. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class InventoryServiceIT {

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        InventoryTestServers.registerWithoutLedger(registry);
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void noStock() {
        jdbc.sql("DELETE FROM activity_stock").update();
    }

    @Test
    void readyOnlyWithRedisAndMysqlUp() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"UP\"");
    }

    @Test
    void stockRecordMustAddUp() {
        jdbc.sql("INSERT INTO activity_stock (activity_id, total, available) VALUES (1, 100, 100)").update();

        assertThatThrownBy(() -> jdbc.sql("UPDATE activity_stock SET available = available - 1 WHERE activity_id = 1").update())
                .as("a unit cannot vanish: it moves to locked or sold")
                .isInstanceOf(DataIntegrityViolationException.class);
        assertThat(jdbc.sql("UPDATE activity_stock SET available = available - 1, locked = locked + 1 WHERE activity_id = 1").update())
                .isEqualTo(1);
    }

    @Test
    void stockRecordCannotGoNegative() {
        jdbc.sql("INSERT INTO activity_stock (activity_id, total, available) VALUES (2, 1, 1)").update();
        jdbc.sql("UPDATE activity_stock SET available = available - 1, locked = locked + 1 WHERE activity_id = 2").update();

        assertThatThrownBy(() -> jdbc.sql("UPDATE activity_stock SET available = available - 1, locked = locked + 1 WHERE activity_id = 2").update())
                .isInstanceOf(DataIntegrityViolationException.class);
    }
}
