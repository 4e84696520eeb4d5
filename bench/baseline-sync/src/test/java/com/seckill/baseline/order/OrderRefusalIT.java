package com.seckill.baseline.order;

import com.seckill.baseline.RunningBaseline;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** One order at a time: the answer and the row of a success, and every refusal's status and code. */
class OrderRefusalIT extends RunningBaseline {

    @Test
    void anOrderIsWrittenBeforeTheAnswer() {
        long activityId = 9_201;
        saleOn(activityId, 3);
        Instant before = Instant.now();

        HttpResponse<String> response = client().order(activityId, "alice", "{\"quantity\":1}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode body = json.readTree(response.body());
        assertThat(body.get("status").asString()).isEqualTo("CREATED");
        assertThat(body.get("orderId").isString()).as("ids are strings").isTrue();
        long orderId = Long.parseLong(body.get("orderId").asString());
        assertThat(jdbc.queryForObject("SELECT user_id FROM orders WHERE order_id = ?", String.class, orderId)).isEqualTo("alice");
        Instant createdAt = jdbc.queryForObject("SELECT created_at FROM orders WHERE order_id = ?", Timestamp.class, orderId).toInstant();
        // Whole seconds on MariaDB 10.x (mysql-connector-j takes it for MySQL 5.5), milliseconds on MySQL.
        assertThat(createdAt).isBetween(before.truncatedTo(ChronoUnit.SECONDS), Instant.now());
        assertThat(stockOf(activityId)).isEqualTo(2);
    }

    @Test
    void beforeTheStartIsNotStartedAndTakesNothing() {
        long activityId = 9_202;
        Instant now = Instant.now();
        client().putActivity(activityId, 5, now.plus(Duration.ofHours(1)), now.plus(Duration.ofHours(2)), "ADMIN");

        assertProblem(client().order(activityId, "bob", "{\"quantity\":1}"), 409, "NOT_STARTED");
        assertThat(stockOf(activityId)).isEqualTo(5);
        assertThat(ordersOf(activityId)).isZero();
    }

    @Test
    void afterTheEndIsEnded() {
        long activityId = 9_203;
        Instant now = Instant.now();
        client().putActivity(activityId, 5, now.minus(Duration.ofHours(2)), now.minus(Duration.ofSeconds(1)), "ADMIN");

        assertProblem(client().order(activityId, "bob", "{\"quantity\":1}"), 409, "ENDED");
        assertThat(stockOf(activityId)).isEqualTo(5);
    }

    @Test
    void aSaleWithNothingLeftIsSoldOut() {
        long activityId = 9_204;
        saleOn(activityId, 0);

        assertProblem(client().order(activityId, "bob", "{\"quantity\":1}"), 409, "SOLD_OUT");
    }

    @Test
    void anUnknownSaleIs404() {
        assertProblem(client().order(9_299, "bob", "{\"quantity\":1}"), 404, "NOT_FOUND");
    }

    @Test
    void anythingButOneUnitIs400() {
        long activityId = 9_205;
        saleOn(activityId, 5);

        for (String body : new String[] {"{\"quantity\":2}", "{\"quantity\":0}", "{}", "{\"quantity\":\"1\"}", "not json", ""}) {
            assertProblem(client().order(activityId, "bob", body), 400, "VALIDATION_FAILED");
        }
        assertProblem(client().order(activityId, "bob; drop", "{\"quantity\":1}"), 400, "VALIDATION_FAILED");
        assertThat(stockOf(activityId)).isEqualTo(5);
    }

    @Test
    void withoutTheGatewaysIdentityItIs401() {
        long activityId = 9_206;
        saleOn(activityId, 5);

        HttpResponse<String> response = client().send(client().request("/api/baseline/activities/" + activityId + "/orders")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"quantity\":1}")));

        assertProblem(response, 401, "UNAUTHORIZED");
        assertThat(stockOf(activityId)).isEqualTo(5);
    }
}
