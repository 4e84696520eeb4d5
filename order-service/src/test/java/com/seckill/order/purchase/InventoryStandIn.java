package com.seckill.order.purchase;

import com.seckill.testsupport.StandInServer;
import com.sun.net.httpserver.HttpExchange;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * inventory-service's internal reservation API ({@link InventoryClient}) as order-service's tests need
 * it: each reservation gets the status the test set for its sale (OK by default, with units left;
 * SOLD_OUT with none), no stock is counted.
 * So order-service's own tests show what it does with each answer; that inventory gives the right
 * answer is inventory-service's tests' (StockReservationIT, ReleaseIT), and both together the
 * order path's (e2e-tests, OrderPathIT). Nothing is ever unpublished; every release is RELEASED.
 */
final class InventoryStandIn implements AutoCloseable {

    private final Map<Long, String> answers = new ConcurrentHashMap<>();
    private final List<String> reserved = new CopyOnWriteArrayList<>();
    private final List<Long> asked = new CopyOnWriteArrayList<>();
    private final StandInServer server = StandInServer.start("/internal/", this::answer); // last: it answers at once

    private InventoryStandIn() {
    }

    static InventoryStandIn start() {
        return new InventoryStandIn();
    }

    String uri() {
        return server.uri();
    }

    /** What every reservation for the sale is answered from now on: OK, SOLD_OUT, LIMIT_EXCEEDED, NOT_LOADED, ... */
    void answers(long activityId, String status) {
        answers.put(activityId, status);
    }

    /** The order ids it reserved (answered OK), of every sale. */
    List<String> reserved() {
        return List.copyOf(reserved);
    }

    /** How many reservations it was asked for, for the sale. */
    long askedFor(long activityId) {
        return asked.stream().filter(id -> id == activityId).count();
    }

    @Override
    public void close() {
        server.close();
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        if (method.equals("POST") && path.equals("/internal/reservations")) {
            StandInServer.reply(exchange, 200, reserve(StandInServer.body(exchange)));
        } else if (method.equals("GET") && path.equals("/internal/reservations/unpublished")) {
            StandInServer.reply(exchange, 200, List.of());
        } else if (method.equals("DELETE") && path.matches("/internal/activities/\\d+/reservations/\\d+")) {
            StandInServer.reply(exchange, 200, Map.of("orderId", path.substring(path.lastIndexOf('/') + 1), "status", "RELEASED"));
        } else {
            StandInServer.reply(exchange, 404, Map.of("code", "NOT_FOUND"));
        }
    }

    /** A batch: one result per reservation, in order; no order for any replay (none was placed here). */
    private Map<String, Object> reserve(JsonNode batch) {
        List<Map<String, Object>> results = new ArrayList<>();
        for (JsonNode item : batch.get("reservations")) {
            long activityId = item.get("activityId").asLong();
            asked.add(activityId);
            String status = answers.getOrDefault(activityId, "OK");
            String orderId = item.get("request").get("orderId").asString();
            Map<String, Object> result = new HashMap<>();
            result.put("status", status);
            result.put("orderId", orderId);
            result.put("remaining", switch (status) {
                case "OK" -> 5L;
                case "SOLD_OUT" -> 0L;
                default -> null;
            });
            if (status.equals("OK")) {
                reserved.add(orderId);
            }
            results.add(result);
        }
        List<Object> replayed = new ArrayList<>();
        batch.get("replays").forEach(replay -> replayed.add(null));
        Map<String, Object> answer = new HashMap<>();
        answer.put("results", results);
        answer.put("replayed", replayed);
        answer.put("unknownReplays", List.of());
        return answer;
    }
}
