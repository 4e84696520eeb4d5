package com.seckill.baseline;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;

/** Calls the service as the gateway would: identity in X-User-Id / X-User-Roles, JSON bodies. */
public final class BaselineClient {

    private final HttpClient http = HttpClient.newHttpClient();
    private final int port;

    public BaselineClient(int port) {
        this.port = port;
    }

    public HttpResponse<String> putActivity(long activityId, int stock, Instant startAt, Instant endAt, String roles) {
        String body = "{\"stock\":" + stock + ",\"startAt\":\"" + startAt + "\",\"endAt\":\"" + endAt + "\"}";
        return send(json("/api/baseline/activities/" + activityId, "admin-1", roles).PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    public HttpResponse<String> getActivity(long activityId) {
        return send(request("/api/baseline/activities/" + activityId).header("X-User-Id", "buyer").header("X-User-Roles", "USER").GET());
    }

    public HttpResponse<String> order(long activityId, String userId, String body) {
        return send(json("/api/baseline/activities/" + activityId + "/orders", userId, "USER").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    }

    private HttpRequest.Builder json(String path, String userId, String roles) {
        HttpRequest.Builder request = request(path).header("Content-Type", "application/json");
        if (userId != null) {
            request.header("X-User-Id", userId);
        }
        if (roles != null) {
            request.header("X-User-Roles", roles);
        }
        return request;
    }
}
