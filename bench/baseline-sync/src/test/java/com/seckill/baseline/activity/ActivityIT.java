package com.seckill.baseline.activity;

import com.seckill.baseline.RunningBaseline;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import javax.sql.DataSource;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Setting the rival up (ADMIN only), reading a sale back, the ping, and the pool it runs with. */
class ActivityIT extends RunningBaseline {

    private static final Instant START = Instant.parse("2026-11-27T10:00:00.123Z");
    private static final Instant END = Instant.parse("2026-11-27T12:00:00Z");

    @Autowired
    DataSource dataSource;

    @Test
    void anAdminSetsASaleUpAndAnyoneReadsItBack() {
        HttpResponse<String> put = client().putActivity(9_301, 100, START, END, "USER,ADMIN");

        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        JsonNode sale = json.readTree(put.body());
        assertThat(sale.get("activityId").asString()).isEqualTo("9301");
        assertThat(sale.get("stock").asInt()).isEqualTo(100);
        // MySQL keeps the milliseconds; mysql-connector-j sends MariaDB 10.x whole seconds only.
        assertThat(sale.get("startAt").asString()).isIn("2026-11-27T10:00:00.123Z", "2026-11-27T10:00:00Z");
        assertThat(sale.get("endAt").asString()).isEqualTo("2026-11-27T12:00:00Z");
        HttpResponse<String> get = client().getActivity(9_301);
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(json.readTree(get.body())).as("a GET reads what the PUT answered").isEqualTo(sale);
        assertThat(jdbc.queryForObject("SELECT DATE_FORMAT(start_at, '%Y-%m-%d %H:%i:%s') FROM activities WHERE activity_id = 9301", String.class))
                .as("stored in UTC").isEqualTo("2026-11-27 10:00:00");
    }

    @Test
    void aSecondPutReplacesTheSaleAndForgetsItsOrders() {
        Instant now = Instant.now();
        client().putActivity(9_302, 1, now.minusSeconds(60), now.plusSeconds(3_600), "ADMIN");
        assertThat(client().order(9_302, "carol", "{\"quantity\":1}").statusCode()).isEqualTo(201);

        HttpResponse<String> again = client().putActivity(9_302, 7, now.minusSeconds(60), now.plusSeconds(3_600), "ADMIN");

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(stockOf(9_302)).isEqualTo(7);
        assertThat(ordersOf(9_302)).isZero();
        assertThat(client().order(9_302, "carol", "{\"quantity\":1}").statusCode()).as("a fresh run").isEqualTo(201);
    }

    @Test
    void onlyAnAdminSetsASaleUp() {
        assertProblem(client().putActivity(9_303, 10, START, END, "USER"), 403, "FORBIDDEN");
        HttpResponse<String> anonymous = client().send(client().request("/api/baseline/activities/9303")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"stock\":10,\"startAt\":\"" + START + "\",\"endAt\":\"" + END + "\"}")));
        assertProblem(anonymous, 401, "UNAUTHORIZED");
        assertProblem(client().getActivity(9_303), 404, "NOT_FOUND");
    }

    @Test
    void aSaleThatEndsBeforeItStartsOrHasNegativeStockIs400() {
        assertProblem(client().putActivity(9_304, 10, END, START, "ADMIN"), 400, "VALIDATION_FAILED");
        assertProblem(client().putActivity(9_304, -1, START, END, "ADMIN"), 400, "VALIDATION_FAILED");
        assertProblem(client().getActivity(9_304), 404, "NOT_FOUND");
    }

    @Test
    void anUnknownOrMalformedIdIsAProblem() {
        assertProblem(client().getActivity(9_399), 404, "NOT_FOUND");
        assertProblem(client().send(client().request("/api/baseline/activities/nine").header("X-User-Id", "u").GET()), 400, "VALIDATION_FAILED");
    }

    @Test
    void pingIsPlainPong() {
        HttpResponse<String> response = client().send(client().request("/bench/ping").GET());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("pong");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
    }

    @Test
    void thePoolIsSizedForASynchronousDesign() {
        HikariDataSource pool = (HikariDataSource) dataSource;

        assertThat(pool.getMaximumPoolSize()).isEqualTo(32);
        assertThat(pool.isAutoCommit()).isFalse();
        assertThat(pool.getTransactionIsolation()).isEqualTo("TRANSACTION_READ_COMMITTED");
    }
}
