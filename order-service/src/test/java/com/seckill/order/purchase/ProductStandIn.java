package com.seckill.order.purchase;

import com.seckill.testsupport.StandInServer;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * product-service's internal read of a sale's rules ({@code GET /internal/activities/{id}}, the call of
 * {@link com.seckill.order.activity.ProductClient}), in memory, so that order-service's tests start only
 * order-service. Its answer has product-service's shape (ids as strings), which product's ActivityApiIT
 * pins on the real service; an unknown id is its 404 problem+json.
 */
final class ProductStandIn implements AutoCloseable {

    private final Map<Long, Map<String, Object>> activities = new ConcurrentHashMap<>();
    private final StandInServer server = StandInServer.start("/internal/activities/", this::answer);

    private ProductStandIn() {
    }

    static ProductStandIn start() {
        return new ProductStandIn();
    }

    String uri() {
        return server.uri();
    }

    /** A sale with a fresh id (far from earlier runs', whose counters stay in Redis). */
    long sale(int limitPerUser, Instant startAt, Instant endAt) {
        long id = ThreadLocalRandom.current().nextLong(1_000_000_000L, 4_000_000_000L);
        activities.put(id, Map.of("id", Long.toString(id), "productId", "7", "title", "Console flash sale",
                "seckillPriceCents", 19_900, "limitPerUser", limitPerUser, "startAt", startAt.toString(), "endAt", endAt.toString()));
        return id;
    }

    @Override
    public void close() {
        server.close();
    }

    private void answer(HttpExchange exchange) throws IOException {
        String id = exchange.getRequestURI().getPath().substring("/internal/activities/".length());
        Map<String, Object> activity = id.matches("\\d{1,18}") ? activities.get(Long.parseLong(id)) : null;
        if (activity != null) {
            StandInServer.reply(exchange, 200, activity);
        } else {
            StandInServer.reply(exchange, 404, Map.of("type", "urn:seckill:problem:not-found", "status", 404, "code", "NOT_FOUND"));
        }
    }
}
