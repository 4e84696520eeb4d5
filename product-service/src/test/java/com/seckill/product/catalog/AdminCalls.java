package com.seckill.product.catalog;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;

/** HTTP calls to one product-service instance, as the gateway makes them (identity headers set). */
public record AdminCalls(HttpClient http, int port) {

    public static AdminCalls to(int port) {
        return new AdminCalls(HttpClient.newHttpClient(), port);
    }

    public HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> post(String path, String body, String roles) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (roles != null) {
            request.header("X-User-Id", "1").header("X-User-Roles", roles);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> putAsAdmin(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path))
                        .header("Content-Type", "application/json").header("X-User-Id", "1").header("X-User-Roles", "ADMIN")
                        .PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> postAsAdmin(String path, String body) throws Exception {
        return post(path, body, "USER,ADMIN");
    }

    public static String product(String name, long priceCents) {
        return """
                {"name":"%s","description":"%s for the test","priceCents":%d,"imageUrl":"https://img.example/%s.png"}
                """.formatted(name, name, priceCents, name);
    }

    public static String activity(String productId, String title, int totalStock, Instant startAt, Instant endAt) {
        return """
                {"productId":"%s","title":"%s","seckillPriceCents":4990,"totalStock":%d,"limitPerUser":1,"startAt":"%s","endAt":"%s"}
                """.formatted(productId, title, totalStock, startAt, endAt);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
