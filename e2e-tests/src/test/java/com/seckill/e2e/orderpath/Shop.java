package com.seckill.e2e.orderpath;

import com.seckill.common.web.Deadline;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/** HTTP calls to services of the suite, as the gateway makes them (identity headers set). */
record Shop(HttpClient http, JsonMapper json) {

    static Shop create() {
        return new Shop(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), JsonMapper.builder().build());
    }

    record Answer(int status, JsonNode body) {

        String text(String field) {
            return body.get(field).asString();
        }
    }

    Answer post(int port, String path, String userId, String roles, String body, String idempotencyKey) {
        return send(postRequest(port, path, userId, roles, body, idempotencyKey).build());
    }

    private static HttpRequest.Builder postRequest(int port, String path, String userId, String roles, String body, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("X-User-Id", userId).header("X-User-Roles", roles)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request;
    }

    /** An order for one unit without a purchase token, carrying the caller's deadline as the gateway sets it. */
    Answer orderBefore(int orderPort, long activityId, String userId, String idempotencyKey, Instant deadline) {
        return send(postRequest(orderPort, "/api/activities/" + activityId + "/orders", userId, "USER", "{\"quantity\":1}", idempotencyKey)
                .header(Deadline.HEADER, Deadline.after(deadline, Duration.ZERO).headerValue()).build());
    }

    Answer get(int port, String path, String userId) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("X-User-Id", userId).header("X-User-Roles", "USER").build());
    }

    /** Creates a product and an activity through product-service's admin API; returns the activity id. */
    long createSale(int productPort, int totalStock, int limitPerUser, Instant startAt, Instant endAt) {
        Answer product = post(productPort, "/api/admin/products", "1", "USER,ADMIN", """
                {"name":"Console","description":"A console for the test","priceCents":49900,"imageUrl":"https://img.example/c.png"}
                """, null);
        Answer activity = post(productPort, "/api/admin/activities", "1", "USER,ADMIN", """
                {"productId":"%s","title":"Console flash sale","seckillPriceCents":19900,"totalStock":%d,"limitPerUser":%d,"startAt":"%s","endAt":"%s"}
                """.formatted(product.text("id"), totalStock, limitPerUser, startAt, endAt), null);
        if (activity.status() != 201) {
            throw new IllegalStateException("activity not created: " + activity);
        }
        return Long.parseLong(activity.text("id"));
    }

    /** A purchase token for the user, then an order with it. */
    Answer buy(int orderPort, long activityId, String userId, int quantity, String idempotencyKey) {
        Answer token = post(orderPort, "/api/activities/" + activityId + "/token", userId, "USER", "", null);
        if (token.status() != 200) {
            return token;
        }
        return order(orderPort, activityId, userId, quantity, token.text("token"), idempotencyKey);
    }

    Answer order(int orderPort, long activityId, String userId, int quantity, String token, String idempotencyKey) {
        return post(orderPort, "/api/activities/" + activityId + "/orders", userId, "USER",
                "{\"quantity\":%d,\"token\":\"%s\"}".formatted(quantity, token), idempotencyKey);
    }

    private Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            return new Answer(response.statusCode(), body.isBlank() ? json.createObjectNode() : json.readTree(body));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
