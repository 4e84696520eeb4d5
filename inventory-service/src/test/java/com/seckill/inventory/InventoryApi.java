package com.seckill.inventory;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The service's HTTP endpoints as its callers use them: product-service's load, order-service's reservation, an admin. */
public final class InventoryApi {

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final JsonMapper json;

    public InventoryApi(int port, JsonMapper json) {
        this.base = "http://127.0.0.1:" + port;
        this.json = json;
    }

    /** {@code PUT /internal/activities/{id}/stock}, as product-service publishes or warms up an activity. */
    public HttpResponse<String> load(long activityId, int totalStock) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + "/internal/activities/" + activityId + "/stock"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"totalStock\":" + totalStock + "}")));
    }

    /** {@code POST /internal/activities/{id}/reservations}, as order-service reserves; the result's status. */
    public String reserve(long activityId, long orderId, String userId, int quantity, int limitPerUser) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/internal/activities/" + activityId + "/reservations"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"orderId\":\"" + orderId + "\",\"userId\":\"" + userId + "\",\"quantity\":"
                        + quantity + ",\"limitPerUser\":" + limitPerUser + "}")));
        assertThat(response.statusCode()).isEqualTo(200);
        return json.readTree(response.body()).get("status").asString();
    }

    /** {@code GET /api/admin/activities/{id}/stock} as an admin: the report, which must be there. */
    public JsonNode stock(long activityId) throws Exception {
        HttpResponse<String> response = send(asAdmin(HttpRequest.newBuilder(URI.create(base + "/api/admin/activities/" + activityId + "/stock"))));
        assertThat(response.statusCode()).isEqualTo(200);
        return json.readTree(response.body());
    }

    /** {@code POST /api/admin/activities/{id}/stock/rebuild} as an admin. */
    public HttpResponse<String> rebuild(long activityId) throws Exception {
        return rebuild(activityId, "admin-1", "ADMIN");
    }

    public HttpResponse<String> rebuild(long activityId, String userId, String roles) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/api/admin/activities/" + activityId + "/stock/rebuild"))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (userId != null) {
            request.header("X-User-Id", userId).header("X-User-Roles", roles);
        }
        return send(request);
    }

    public JsonNode body(HttpResponse<String> response) {
        return json.readTree(response.body());
    }

    private static HttpRequest.Builder asAdmin(HttpRequest.Builder request) {
        return request.header("X-User-Id", "admin-1").header("X-User-Roles", "ADMIN");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
