package com.seckill.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The suite's checkout against a fake shop: how a buyer's answer is reached when one goes missing. */
class CheckoutTest {

    private final List<String> orderKeys = new CopyOnWriteArrayList<>();
    private HttpServer shop;
    private ShopClient client;

    @AfterEach
    void closeShop() {
        client.close();
        shop.stop(0);
    }

    @Test
    void anOrderWhoseAnswerWasA503IsAskedAgainWithTheSameKeyAndTheBuyerLearnsTheOrder() throws IOException {
        open(new int[] {503, 202});

        ShopClient.Answer answer = Checkout.SUITE.buy(client, "9", "jwt");

        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.field("orderId")).isEqualTo("42");
        assertThat(orderKeys).hasSize(2).doesNotContainNull();
        assertThat(orderKeys.get(1)).isEqualTo(orderKeys.get(0));
    }

    @Test
    void anyServerErrorOrNoAnswerIsAskedAgainWithTheSameKey() throws IOException {
        open(new int[] {500, 502, 504, 202});

        ShopClient.Answer answer = Checkout.SUITE.buy(client, "9", "jwt");

        assertThat(answer.status()).isEqualTo(202);
        assertThat(orderKeys).hasSize(4).doesNotContainNull().containsOnly(orderKeys.get(0));
    }

    @Test
    void aDecidedAnswerIsNeverAskedAgainAndRetriesAreBounded() throws IOException {
        open(new int[] {409});
        assertThat(Checkout.SUITE.buy(client, "9", "jwt").status()).isEqualTo(409);
        assertThat(orderKeys).hasSize(1);
        closeShop();

        orderKeys.clear();
        open(new int[] {503, 503, 503, 503, 503});
        assertThat(Checkout.SUITE.buy(client, "9", "jwt").status()).isEqualTo(503);
        assertThat(orderKeys).hasSize(1 + Checkout.ORDER_RETRIES);
    }

    /** A shop whose n-th order request is answered with {@code statuses[n]}. */
    private void open(int[] statuses) throws IOException {
        shop = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        shop.createContext("/api/activities/9/orders", exchange -> {
            exchange.getRequestBody().readAllBytes();
            orderKeys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            int status = statuses[Math.min(orderKeys.size(), statuses.length) - 1];
            answer(exchange, status, status == 202 ? "{\"orderId\":\"42\",\"status\":\"PENDING\"}"
                    : "{\"status\":" + status + ",\"code\":\"" + (status == 409 ? "SOLD_OUT" : "SERVICE_UNAVAILABLE") + "\"}");
        });
        shop.start();
        client = new ShopClient(URI.create("http://127.0.0.1:" + shop.getAddress().getPort()), new Recorder());
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
