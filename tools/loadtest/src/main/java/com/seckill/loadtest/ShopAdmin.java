package com.seckill.loadtest;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/** Sets sales up through the gateway's admin API with an ADMIN token, as an operator would. */
final class ShopAdmin {

    private static final long SALE_PRICE_CENTS = 4900;

    private final ShopClient client;
    private final String adminJwt;

    ShopAdmin(ShopClient client, ShopperTokens tokens) {
        this.client = client;
        this.adminJwt = tokens.mintAdmin("bench-admin");
    }

    /** A sale of the suite as its orders name it: the activity, its product and the price of one unit. */
    record Sale(String activityId, long productId, long priceCents) {
    }

    /** A suite sale on now, with its stock loaded into Redis; returns the activity id. */
    String createSale(String title, int units, int limitPerUser) throws InterruptedException {
        return sale(title, units, limitPerUser).activityId();
    }

    /** A suite sale on now, with its stock loaded into Redis. */
    Sale sale(String title, int units, int limitPerUser) throws InterruptedException {
        ShopClient.Answer product = expect(201, client.send("POST", "/api/admin/products", adminJwt,
                "{\"name\":\"" + title + "\",\"description\":\"created by ./seckill bench\",\"priceCents\":9900}"));
        Instant now = Instant.now();
        ShopClient.Answer activity = expect(201, client.send("POST", "/api/admin/activities", adminJwt,
                "{\"productId\":\"" + product.field("id") + "\",\"title\":\"" + title + "\",\"seckillPriceCents\":" + SALE_PRICE_CENTS + ","
                        + "\"totalStock\":" + units + ",\"limitPerUser\":" + limitPerUser + ",\"startAt\":\""
                        + now.minusSeconds(5) + "\",\"endAt\":\"" + now.plus(Duration.ofHours(1)) + "\"}"));
        String id = activity.field("id");
        // Published to inventory-service asynchronously: buyers who came before the load would be 503s.
        awaitRemaining(id, units);
        return new Sale(id, Long.parseLong(product.field("id")), SALE_PRICE_CENTS);
    }

    /** The rival's sale, in its own schema, under an id far from the suite's. */
    String createBaselineSale(int units) {
        String id = Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_000_000_000L));
        Instant now = Instant.now();
        expect(200, client.send("PUT", "/api/baseline/activities/" + id, adminJwt, "{\"stock\":" + units + ",\"startAt\":\""
                + now.minusSeconds(5) + "\",\"endAt\":\"" + now.plus(Duration.ofHours(1)) + "\"}"));
        return id;
    }

    /** inventory-service's record of the sale: {@code GET /api/admin/activities/{id}/stock}. */
    ShopClient.Answer stock(String activityId) {
        return expect(200, client.get("/api/admin/activities/" + activityId + "/stock", adminJwt));
    }

    private void awaitRemaining(String activityId, int units) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() - deadline < 0) {
            ShopClient.Answer answer = client.get("/api/activities/" + activityId);
            if (answer.status() == 200 && Integer.toString(units).equals(answer.field("remainingStock"))) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("activity " + activityId + " did not show its " + units
                + " units within 60 s: is inventory-service up? (./seckill status)");
    }

    private static ShopClient.Answer expect(int status, ShopClient.Answer answer) {
        if (answer.status() != status) {
            throw new IllegalStateException("the shop answered " + answer.status() + " where " + status
                    + " was expected: " + answer.body());
        }
        return answer;
    }
}
