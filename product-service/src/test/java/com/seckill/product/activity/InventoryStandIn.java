package com.seckill.product.activity;

import com.seckill.testsupport.StandInServer;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * inventory-service's internal stock API, the two calls of {@link InventoryClient}, in memory, so that
 * product-service's tests start only product-service. It keeps inventory's rules that product relies
 * on, which inventory's own StockLoadIT pins on the real service: a load sets an activity's stock only
 * if it has none (units sold stay sold), and the remaining units leave out activities never loaded
 * and are never below 0. A test sells units and can make it unavailable (503 to every call).
 */
final class InventoryStandIn implements AutoCloseable {

    private static final Pattern LOAD = Pattern.compile("/internal/activities/(\\d+)/stock");

    private final Map<Long, Integer> totals = new ConcurrentHashMap<>();
    private final Map<Long, Long> remaining = new ConcurrentHashMap<>();
    private final List<Load> loads = new CopyOnWriteArrayList<>();
    private volatile boolean available = true;
    private final StandInServer server = StandInServer.start("/internal/", this::answer); // last: it answers at once

    /** A stock load as product-service sent it. */
    record Load(long activityId, int totalStock) {
    }

    private InventoryStandIn() {
    }

    static InventoryStandIn start() {
        return new InventoryStandIn();
    }

    String uri() {
        return server.uri();
    }

    void sell(long activityId, long units) {
        remaining.computeIfPresent(activityId, (id, left) -> left - units);
    }

    /** As if loaded before: a stock that product-service has not sent (a warm-up of another instance). */
    void holds(long activityId, long units) {
        totals.putIfAbsent(activityId, (int) units);
        remaining.put(activityId, units);
    }

    void available(boolean available) {
        this.available = available;
    }

    /** The stock loads product-service sent for an activity, in order. */
    List<Integer> loadsOf(long activityId) {
        return loads.stream().filter(load -> load.activityId() == activityId).map(Load::totalStock).toList();
    }

    Long remaining(long activityId) {
        return remaining.get(activityId);
    }

    void forget() {
        totals.clear();
        remaining.clear();
        loads.clear();
    }

    @Override
    public void close() {
        server.close();
    }

    private void answer(HttpExchange exchange) throws IOException {
        if (!available) {
            StandInServer.reply(exchange, 503, Map.of("code", "SERVICE_UNAVAILABLE"));
            return;
        }
        String path = exchange.getRequestURI().getPath();
        Matcher load = LOAD.matcher(path);
        if (load.matches() && exchange.getRequestMethod().equals("PUT")) {
            long activityId = Long.parseLong(load.group(1));
            int total = StandInServer.body(exchange).get("totalStock").asInt();
            loads.add(new Load(activityId, total));
            boolean loaded = totals.putIfAbsent(activityId, total) == null;
            long left = remaining.computeIfAbsent(activityId, id -> (long) total);
            StandInServer.reply(exchange, 200, Map.of("activityId", Long.toString(activityId), "totalStock", totals.get(activityId),
                    "remaining", Math.max(0, left), "loaded", loaded));
        } else if (path.equals("/internal/stock/remaining") && exchange.getRequestMethod().equals("GET")) {
            StandInServer.reply(exchange, 200, remainingOf(exchange.getRequestURI().getQuery()));
        } else {
            StandInServer.reply(exchange, 404, Map.of("code", "NOT_FOUND"));
        }
    }

    private Map<String, Long> remainingOf(String query) {
        Map<String, Long> answer = new LinkedHashMap<>();
        // activityIds=1&activityIds=2 (as OpenFeign sends a list) or activityIds=1,2
        Arrays.stream(query == null ? new String[0] : query.split("&"))
                .filter(parameter -> parameter.startsWith("activityIds="))
                .flatMap(parameter -> Arrays.stream(parameter.substring("activityIds=".length()).split(",")))
                .filter(id -> !id.isBlank()).map(Long::parseLong).forEach(id -> {
            Long left = remaining.get(id);
            if (left != null) {
                answer.put(Long.toString(id), Math.max(0, left));
            }
        });
        return answer;
    }
}
