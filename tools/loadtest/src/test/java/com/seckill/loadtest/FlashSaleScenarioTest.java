package com.seckill.loadtest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs flash-sale end to end against an in-process fake shop that has {@code STOCK} items. */
class FlashSaleScenarioTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private static final int BUYERS = 120;
    private static final int STOCK = 17;
    private static final Pattern SUB = Pattern.compile("\"sub\":\"([^\"]+)\"");

    private final AtomicInteger stock = new AtomicInteger(STOCK);
    private final Set<String> buyersSeen = ConcurrentHashMap.newKeySet();
    private final AtomicInteger malformedOrders = new AtomicInteger();
    private HttpServer shop;
    private ExecutorService shopThreads;

    @BeforeEach
    void openShop() throws IOException {
        shop = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), BUYERS);
        shop.createContext("/api/activities/9/orders", exchange -> {
            buyersSeen.add(subject(exchange));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (!body.contains("\"quantity\":1") || exchange.getRequestHeaders().getFirst("Idempotency-Key") == null) {
                malformedOrders.incrementAndGet();
            }
            if (stock.getAndDecrement() > 0) {
                answer(exchange, 202, "application/json", "{\"orderId\":\"1\",\"status\":\"PENDING\"}");
            } else {
                answer(exchange, 409, "application/problem+json",
                        "{\"type\":\"about:blank\",\"title\":\"Sold out\",\"status\":409,\"code\":\"SOLD_OUT\"}");
            }
        });
        shopThreads = Executors.newFixedThreadPool(16);
        shop.setExecutor(shopThreads);
        shop.start();
    }

    @AfterEach
    void closeShop() {
        shop.stop(0);
        shopThreads.shutdownNow();
    }

    @Test
    void exactlyTheStockIsSoldAndEveryOtherBuyerIsToldSoldOut(@TempDir Path reportDir) throws Exception {
        Options options = Options.parse(new String[] {"flash-sale",
                "--gateway", "http://127.0.0.1:" + shop.getAddress().getPort(),
                "--activity", "9", "--buyers", String.valueOf(BUYERS), "--report", reportDir.toString()},
                java.time.LocalDateTime.now());

        Measurements report = LoadTest.run(options, SECRET);

        assertThat(report.count(202)).isEqualTo(STOCK);
        assertThat(report.count(409)).isEqualTo(BUYERS - STOCK);
        assertThat(report.byCode()).containsOnlyKeys("SOLD_OUT").containsEntry("SOLD_OUT", (long) BUYERS - STOCK);
        assertThat(buyersSeen).hasSize(BUYERS);
        assertThat(malformedOrders).hasValue(0);
        assertThat(Files.readAllLines(reportDir.resolve("status.csv")))
                .containsExactly("status,count", "202," + STOCK, "409," + (BUYERS - STOCK));
    }

    @Test
    void rampSpreadsStartsEvenlyAndNoRampReleasesEveryoneAtOnce() {
        Duration ramp = Duration.ofSeconds(10);
        assertThat(FlashSaleScenario.startOffsetNanos(0, 4, ramp)).isZero();
        assertThat(FlashSaleScenario.startOffsetNanos(1, 4, ramp)).isEqualTo(Duration.ofMillis(2_500).toNanos());
        assertThat(FlashSaleScenario.startOffsetNanos(3, 4, ramp)).isEqualTo(Duration.ofMillis(7_500).toNanos());
        assertThat(FlashSaleScenario.startOffsetNanos(3, 7, Duration.ofNanos(10))).isEqualTo(4);
        assertThat(FlashSaleScenario.startOffsetNanos(99, 100, Duration.ZERO)).isZero();
    }

    private static String subject(HttpExchange exchange) {
        String jwt = exchange.getRequestHeaders().getFirst("Authorization").substring("Bearer ".length());
        String claims = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
        Matcher m = SUB.matcher(claims);
        return m.find() ? m.group(1) : "";
    }

    private static void answer(HttpExchange exchange, int status, String type, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
