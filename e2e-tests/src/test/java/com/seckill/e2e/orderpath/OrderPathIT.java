package com.seckill.e2e.orderpath;

import com.seckill.events.order.OrderPlacedEvent;
import com.seckill.order.OrderServiceApplication;
import com.seckill.inventory.stock.StockKeys;
import com.seckill.inventory.InventoryServiceApplication;
import com.seckill.product.ProductServiceApplication;
import com.seckill.testsupport.SiblingApplication;
import com.seckill.testsupport.TestServers;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The order path across services, on real servers: order-service (the test's context), inventory-service
 * and product-service (each its own application context in this JVM), the real RocketMQ broker, Redis
 * and MySQL. A test consumer on the order topic sees exactly what the broker delivers, i.e. which
 * transactional messages were committed. Here, not in order-service's module, because what it proves
 * (never more sold than stocked, every accepted order sent once) is the three services' together.
 */
@SpringBootTest(classes = OrderServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OrderPathIT {

    static final String SECRET = "test-secret-of-at-least-32-bytes-long!";
    static final Shop shop = Shop.create();
    static ConfigurableApplicationContext inventory;
    static ConfigurableApplicationContext product;
    static int inventoryPort;
    static DefaultMQPushConsumer delivered;
    /** Order ids the broker delivered, per activity. */
    static final Map<Long, Set<Long>> deliveredOrders = new ConcurrentHashMap<>();

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        TestServers.register(registry);
        registry.add("SECKILL_ORDER_DB", () -> "seckill_order_placement_it");
        registry.add("SECKILL_JWT_SECRET", () -> SECRET);
        registry.add("SECKILL_BREAKER_OPEN_FOR", () -> "1s");
        registry.add("SECKILL_ORPHAN_AFTER", () -> "PT8S");
        // The sold-out flag holds while a test reads what it refused (waits for deliveries included);
        // its recheck is SoldOutFlagsTest's.
        registry.add("SECKILL_SOLD_OUT_RECHECK", () -> "PT60S");
        registry.add("spring.cloud.discovery.client.simple.instances.inventory-service[0].uri", () -> "http://127.0.0.1:" + inventoryPort);
        registry.add("spring.cloud.discovery.client.simple.instances.product-service[0].uri", () -> "http://127.0.0.1:" + port(product));
    }

    @BeforeAll
    static void startTheRestOfTheShop() throws Exception {
        TestServers.createTopics(OrderPlacedEvent.TOPIC);
        inventory = startInventory(0);
        inventoryPort = port(inventory);
        product = SiblingApplication.start(ProductServiceApplication.class, Map.of(
                "SECKILL_PRODUCT_DB", "seckill_product_order_it",
                "SERVER_PORT", 0,
                "SECKILL_JWT_SECRET", SECRET,
                "seckill.catalog.warm-up.interval", "1h",
                "spring.cloud.discovery.client.simple.instances.inventory-service[0].uri", "http://127.0.0.1:" + inventoryPort));
        // Fresh activity ids every run: stock counters of earlier runs stay in Redis.
        product.getBean(JdbcClient.class).sql("ALTER TABLE activities AUTO_INCREMENT = "
                + ThreadLocalRandom.current().nextLong(1_000_000_000L, 4_000_000_000L)).update();
        delivered = deliveredOrdersConsumer();
    }

    @AfterAll
    static void stop() {
        if (delivered != null) {
            delivered.shutdown();
        }
        if (product != null) {
            product.close();
        }
        if (inventory != null && inventory.isActive()) {
            inventory.close();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    MeterRegistry meters;


    @Test
    @Order(3)
    void twoThousandBuyersRaceForOneHundredUnits() throws Exception {
        Instant now = Instant.now();
        long sale = shop.createSale(port(product), 100, 1, now.minus(Duration.ofMinutes(1)), now.plus(Duration.ofHours(1)));
        String lateToken = shop.post(port, "/api/activities/" + sale + "/token", "late-buyer", "USER", "", null).text("token");
        String newcomer = "keyed-newcomer-" + sale;
        String newcomersToken = shop.post(port, "/api/activities/" + sale + "/token", newcomer, "USER", "", null).text("token");
        Map<Integer, String> tokens = new ConcurrentHashMap<>();
        AtomicLong lowestSeen = new AtomicLong(Long.MAX_VALUE);
        AtomicBoolean racing = new AtomicBoolean(true);
        Thread watcher = new Thread(() -> {
            while (racing.get()) {
                lowestSeen.accumulateAndGet(remaining(sale), Math::min);
            }
        });
        watcher.start();

        // Half the buyers send an Idempotency-Key, as an app that retries after a lost answer does.
        List<Shop.Answer> answers = race(2_000, 200, i -> () -> {
            Shop.Answer token = shop.post(port, "/api/activities/" + sale + "/token", buyer(sale, i), "USER", "", null);
            if (token.status() != 200) {
                return token;
            }
            tokens.put(i, token.text("token"));
            return shop.order(port, sale, buyer(sale, i), 1, token.text("token"), i % 2 == 0 ? key(i) : null);
        });
        racing.set(false);
        watcher.join();

        Map<Integer, Long> byStatus = answers.stream().collect(Collectors.groupingBy(Shop.Answer::status, Collectors.counting()));
        assertThat(byStatus).as("status counts").containsOnly(Map.entry(202, 100L), Map.entry(409, 1_900L));
        assertThat(answers.stream().filter(a -> a.status() == 409).map(a -> a.text("code")).distinct()).containsExactly("SOLD_OUT");
        Set<Long> accepted = answers.stream().filter(a -> a.status() == 202).map(a -> Long.parseLong(a.text("orderId")))
                .collect(Collectors.toSet());
        assertThat(accepted).hasSize(100);
        assertThat(remaining(sale)).isZero();
        assertThat(lowestSeen.get()).as("the counter never went below 0").isGreaterThanOrEqualTo(0);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(deliveredOrders.getOrDefault(sale, Set.of())).as("committed messages = accepted orders")
                        .containsExactlyInAnyOrderElementsOf(accepted));

        // Once sold out, a buyer (even one holding a token) is refused from memory: no reservation call.
        MeterRegistry inventoryMeters = inventory.getBean(MeterRegistry.class);
        double reservationCallsBefore = inventoryMeters.get("seckill.stock.reservations").counters().stream()
                .mapToDouble(c -> c.count()).sum();
        double flagRefusalsBefore = meters.counter("seckill.orders.placed", "outcome", "sold_out_flag").count();
        assertProblem(shop.order(port, sale, "late-buyer", 1, lateToken, null), 409, "SOLD_OUT");
        assertProblem(shop.post(port, "/api/activities/" + sale + "/token", "later-buyer", "USER", "", null), 409, "SOLD_OUT");
        assertThat(meters.counter("seckill.orders.placed", "outcome", "sold_out_flag").count()).isEqualTo(flagRefusalsBefore + 1);
        assertThat(inventoryMeters.get("seckill.stock.reservations").counters().stream().mapToDouble(c -> c.count()).sum())
                .isEqualTo(reservationCallsBefore);

        // A buyer whose 202 was lost on the way back retries with its key: it gets its order, not SOLD_OUT.
        int keyed = IntStream.range(0, answers.size()).filter(i -> i % 2 == 0 && answers.get(i).status() == 202)
                .findFirst().orElseThrow();
        Shop.Answer retried = shop.order(port, sale, buyer(sale, keyed), 1, tokens.get(keyed), key(keyed));
        assertThat(retried.status()).isEqualTo(202);
        assertThat(retried.text("orderId")).isEqualTo(answers.get(keyed).text("orderId"));
        assertProblem(shop.order(port, sale, newcomer, 1, newcomersToken, "fresh-key"), 409, "SOLD_OUT");
        assertThat(remaining(sale)).isZero();
    }

    private static String buyer(long sale, int i) {
        return "buyer-" + sale + "-" + i;
    }

    private static String key(int i) {
        return "key-" + i;
    }

    @Test
    @Order(4)
    void oneBuyerRacingFiftyRequestsGetsTheLimitAndAReplayReservesNothing() throws Exception {
        Instant now = Instant.now();
        long sale = shop.createSale(port(product), 100, 2, now.minus(Duration.ofMinutes(1)), now.plus(Duration.ofHours(1)));
        String token = shop.post(port, "/api/activities/" + sale + "/token", "greedy", "USER", "", null).text("token");

        List<Shop.Answer> answers = race(50, 50, i -> () -> shop.order(port, sale, "greedy", 1, token, null));

        assertThat(answers.stream().filter(a -> a.status() == 202)).hasSize(2);
        assertThat(answers.stream().filter(a -> a.status() == 409).map(a -> a.text("code")))
                .hasSize(48).allMatch(code -> code.equals("ALREADY_PURCHASED") || code.equals("LIMIT_EXCEEDED"));
        assertThat(remaining(sale)).isEqualTo(98);

        String carefulToken = shop.post(port, "/api/activities/" + sale + "/token", "careful", "USER", "", null).text("token");
        Shop.Answer first = shop.order(port, sale, "careful", 1, carefulToken, "key-1");
        List<Shop.Answer> replays = race(10, 10, i -> () -> shop.order(port, sale, "careful", 1, carefulToken, "key-1"));
        assertThat(first.status()).isEqualTo(202);
        assertThat(replays).allSatisfy(replay -> {
            assertThat(replay.status()).isEqualTo(202);
            assertThat(replay.text("orderId")).isEqualTo(first.text("orderId"));
        });
        assertThat(remaining(sale)).as("the replays reserved nothing").isEqualTo(97);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(deliveredOrders.getOrDefault(sale, Set.of())).hasSize(3));
    }

    @Test
    @Order(5)
    void withTheBrokerUnreachableAnOrderIs503AndNothingIsReservedAndARequiredTokenIsChecked() throws Exception {
        Instant now = Instant.now();
        long sale = shop.createSale(port(product), 10, 1, now.minus(Duration.ofMinutes(1)), now.plus(Duration.ofHours(1)));
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        try (ConfigurableApplicationContext cutOff = SiblingApplication.start(OrderServiceApplication.class, Map.ofEntries(
                Map.entry("SERVER_PORT", 0),
                Map.entry("SECKILL_ORDER_DB", "seckill_order_placement_it"),
                Map.entry("SECKILL_JWT_SECRET", SECRET),
                Map.entry("SECKILL_ROCKETMQ_NAMESRV", "127.0.0.1:" + deadPort),
                Map.entry("SECKILL_ROCKETMQ_SEND_TIMEOUT_MS", "1000"),
                Map.entry("SECKILL_PURCHASE_TOKEN_REQUIRED", "true"),
                Map.entry("SECKILL_ORDER_LIFECYCLE_PRODUCER_GROUP", "order-lifecycle-cut-off"),
                // its payment-check consumer would refuse to start without a name server
                Map.entry("SECKILL_PAYMENT_CHECKS", "false"),
                // nor could its lifecycle producer register for check-backs: start without waiting for it
                Map.entry("SECKILL_CHECK_BACK_REGISTER_WITHIN", "PT0S"),
                Map.entry("spring.cloud.discovery.client.simple.instances.inventory-service[0].uri", "http://127.0.0.1:" + inventoryPort),
                Map.entry("spring.cloud.discovery.client.simple.instances.product-service[0].uri", "http://127.0.0.1:" + port(product))))) {
            assertThat(shop.get(port(cutOff), "/actuator/health/readiness", "patient").status())
                    .as("not ready: the broker cannot ask it about undecided status changes").isEqualTo(503);
            assertProblem(shop.post(port(cutOff), "/api/activities/" + sale + "/orders", "patient", "USER", "{\"quantity\":1}", null),
                    403, "INVALID_SECKILL_TOKEN");
            Shop.Answer answer = shop.buy(port(cutOff), sale, "patient", 1, null);
            assertProblem(answer, 503, "SERVICE_UNAVAILABLE");
        }
        assertThat(remaining(sale)).isEqualTo(10);
        assertThat(redis.opsForHash().size(StockKeys.bought(sale))).isZero();
    }

    @Test
    @Order(7)
    void withInventoryDownOrdersAre503FastAndTheShopRecovers() throws Exception {
        Instant now = Instant.now();
        long sale = shop.createSale(port(product), 10, 1, now.minus(Duration.ofMinutes(1)), now.plus(Duration.ofHours(1)));
        inventory.close();

        List<Long> failedOrders = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            long started = System.nanoTime();
            Shop.Answer answer = shop.buy(port, sale, "outage-" + i, 1, null);
            assertProblem(answer, 503, "SERVICE_UNAVAILABLE");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("within the configured 2 s time limit")
                    .isLessThan(Duration.ofSeconds(3));
        }
        assertThat(meters.counter("seckill.orders.placed", "outcome", "inventory_unavailable").count()).isPositive();

        inventory = startInventory(inventoryPort);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() ->
                shop.buy(port, sale, "after-outage", 1, null).status() == 202);
        assertThat(remaining(sale)).isEqualTo(9);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(deliveredOrders.getOrDefault(sale, Set.of())).hasSize(1));
        assertThat(redis.opsForHash().size(StockKeys.reservations(sale))).as("the failed orders hold nothing").isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(redis.opsForHash().size(StockKeys.unpublished(sale))).as("the sent order left the outbox").isZero());
    }

    /**
     * An order-service that died between reserving and sending (kill -9) leaves the reservation and its
     * message in inventory's outbox; any other instance's sweep publishes it once it is older than a
     * batch ever takes. Here the dead instance's part is played by a direct call to inventory-service.
     */
    @Test
    @Order(6)
    void aReservationWhosePublisherDiedIsPublishedByTheSweep() throws Exception {
        Instant now = Instant.now();
        long sale = shop.createSale(port(product), 10, 1, now.minus(Duration.ofMinutes(1)), now.plus(Duration.ofHours(1)));
        await().atMost(Duration.ofSeconds(30)).until(() -> remaining(sale) == 10);
        long orderId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        String message = JsonMapper.builder().build().writeValueAsString(new OrderPlacedEvent(orderId, "orphan", sale, 1, 1, 19_900,
                now, 1, now.plus(Duration.ofMinutes(15))));
        String batch = "{\"reservations\":[{\"activityId\":" + sale + ",\"request\":{\"orderId\":\"" + orderId
                + "\",\"userId\":\"orphan\",\"quantity\":1,\"limitPerUser\":1,\"idempotencyKey\":\"k\",\"message\":"
                + JsonMapper.builder().build().writeValueAsString(message) + "}}],\"published\":[]}";
        Shop.Answer reserved = shop.post(inventoryPort, "/internal/reservations", "orphan", "USER", batch, null);
        assertThat(reserved.status()).as(reserved.body().toString()).isEqualTo(200);
        assertThat(reserved.body().get("results").get(0).get("status").asString()).isEqualTo("OK");
        double before = meters.counter("seckill.orders.orphans.published").count();

        await().atMost(Duration.ofSeconds(40)).untilAsserted(() ->
                assertThat(deliveredOrders.getOrDefault(sale, Set.of())).containsExactly(orderId));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(redis.opsForHash().size(StockKeys.unpublished(sale))).isZero());
        assertThat(meters.counter("seckill.orders.orphans.published").count()).isGreaterThan(before);
        assertThat(remaining(sale)).isEqualTo(9);
    }

    /**
     * The gateway gave up on this request before order-service got to it (it waited in a queue on its way
     * in): refused with 503 at once, nothing reserved, nothing recorded, so the buyer's retry with the same
     * key places it afresh. The same for one with less time left than a placement needs.
     */
    @Test
    @Order(8)
    void anOrderWhoseCallerHasGivenUpIs503AndReservesNothing() {
        Instant now = Instant.now();
        long sale = shop.createSale(port(product), 10, 1, now.minus(Duration.ofMinutes(1)), now.plus(Duration.ofHours(1)));
        await().atMost(Duration.ofSeconds(30)).until(() -> remaining(sale) == 10);
        double refusedBefore = meters.counter("seckill.orders.placed", "outcome", "deadline").count();

        Shop.Answer givenUp = shop.orderBefore(port, sale, "late", "late-key", Instant.now().minusSeconds(1));
        // default margin and minimum budget: 0.2 s each, so 0.3 s left is too little to begin
        Shop.Answer tooLittleLeft = shop.orderBefore(port, sale, "hurried", "hurried-key", Instant.now().plusMillis(300));

        assertProblem(givenUp, 503, "SERVICE_UNAVAILABLE");
        assertProblem(tooLittleLeft, 503, "SERVICE_UNAVAILABLE");
        assertThat(meters.counter("seckill.orders.placed", "outcome", "deadline").count()).isEqualTo(refusedBefore + 2);
        assertThat(remaining(sale)).as("stock unchanged").isEqualTo(10);
        assertThat(redis.opsForHash().size(StockKeys.reservations(sale))).as("no reservation").isZero();
        assertThat(redis.hasKey("seckill:order:sequence:{" + sale + "}")).as("no attempt numbered, no pending record").isFalse();
        assertThat(redis.hasKey("seckill:order:keys:{" + sale + "}")).as("no key offered to inventory").isFalse();

        Shop.Answer retried = shop.orderBefore(port, sale, "late", "late-key", Instant.now().plusSeconds(8));
        assertThat(retried.status()).as(retried.body().toString()).isEqualTo(202);
        assertThat(remaining(sale)).as("the retry placed it, once").isEqualTo(9);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(deliveredOrders.getOrDefault(sale, Set.of())).containsExactly(Long.parseLong(retried.text("orderId"))));
    }

    /**
     * A slow inventory-service: an order-service with one dispatcher reaches inventory through a stand-in
     * that holds every call 3 s. Two buyers whose caller waits 2 s are answered 503 before that deadline,
     * not when their batch is decided. The first buyer's order was already in its batch: it is placed after
     * all, and the retry with its key answers it. The second one's was still queued: taken out, never
     * placed; its retry places it.
     */
    @Test
    @Order(9)
    void aTightDeadlineIsAnsweredBeforeItPassesAndARetryFindsWhatWasPlaced() throws Exception {
        Instant now = Instant.now();
        long sale = shop.createSale(port(product), 10, 1, now.minus(Duration.ofMinutes(1)), now.plus(Duration.ofHours(1)));
        await().atMost(Duration.ofSeconds(30)).until(() -> remaining(sale) == 10);
        String keys = "seckill:order:keys:{" + sale + "}";
        try (SlowInventory slowInventory = new SlowInventory(inventoryPort);
             ConfigurableApplicationContext slow = SiblingApplication.start(OrderServiceApplication.class, Map.ofEntries(
                     Map.entry("SERVER_PORT", 0),
                     Map.entry("SECKILL_ORDER_DB", "seckill_order_placement_it"),
                     Map.entry("SECKILL_JWT_SECRET", SECRET),
                     Map.entry("SECKILL_ORDER_LIFECYCLE_PRODUCER_GROUP", "order-lifecycle-slow"),
                     Map.entry("SECKILL_PAYMENT_CHECKS", "false"),
                     // one batch at a time, and inventory's slowness is waited out rather than taken for an outage
                     Map.entry("SECKILL_GROUP_COMMIT_THREADS", "1"),
                     Map.entry("SECKILL_INVENTORY_TIMEOUT", "10s"),
                     Map.entry("SECKILL_INVENTORY_READ_TIMEOUT_MS", "10000"),
                     Map.entry("SECKILL_ORDER_ANSWER_WITHIN", "PT8S"),
                     Map.entry("spring.cloud.discovery.client.simple.instances.inventory-service[0].uri", "http://127.0.0.1:" + slowInventory.port()),
                     Map.entry("spring.cloud.discovery.client.simple.instances.product-service[0].uri", "http://127.0.0.1:" + port(product))))) {
            // the sale's rules and the whole order path warm in this instance, so only inventory is slow
            Shop.Answer warm = shop.orderBefore(port(slow), sale, "warm", "warm-key", Instant.now().plusSeconds(8));
            assertThat(warm.status()).as(warm.body().toString()).isEqualTo(202);
            slowInventory.delay(Duration.ofSeconds(3));
            ExecutorService buyers = Executors.newFixedThreadPool(2);
            try {
                Instant firstDeadline = Instant.now().plusMillis(2_000);
                Future<Shop.Answer> first = buyers.submit(() -> shop.orderBefore(port(slow), sale, "first", "first-key", firstDeadline));
                Thread.sleep(300); // the first order is in its batch, held at inventory; the second queues behind it
                Instant secondDeadline = Instant.now().plusMillis(2_000);
                Future<Shop.Answer> second = buyers.submit(() -> shop.orderBefore(port(slow), sale, "second", "second-key", secondDeadline));

                assertProblem(first.get(), 503, "SERVICE_UNAVAILABLE");
                assertThat(Instant.now()).as("the first buyer heard before its caller gave up").isBefore(firstDeadline);
                assertProblem(second.get(), 503, "SERVICE_UNAVAILABLE");
                assertThat(Instant.now()).as("the second buyer heard before its caller gave up").isBefore(secondDeadline);
            } finally {
                buyers.shutdownNow();
            }

            // The first order's batch goes on: reserved, sent, placed. The second was never offered.
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(deliveredOrders.getOrDefault(sale, Set.of())).hasSize(2));
            assertThat(remaining(sale)).isEqualTo(8);
            assertThat(redis.opsForHash().hasKey(keys, "first:first-key")).isTrue();
            assertThat(redis.opsForHash().hasKey(keys, "second:second-key")).as("the queued order was taken out").isFalse();
            slowInventory.delay(Duration.ZERO);
        }
        Set<Long> placedBeforeRetries = Set.copyOf(deliveredOrders.get(sale));

        Shop.Answer firstRetried = shop.orderBefore(port, sale, "first", "first-key", Instant.now().plusSeconds(8));
        assertThat(firstRetried.status()).as(firstRetried.body().toString()).isEqualTo(202);
        assertThat(placedBeforeRetries).as("the retry answers the order that was placed").contains(Long.parseLong(firstRetried.text("orderId")));
        assertThat(remaining(sale)).as("and reserves nothing more").isEqualTo(8);
        Shop.Answer secondRetried = shop.orderBefore(port, sale, "second", "second-key", Instant.now().plusSeconds(8));
        assertThat(secondRetried.status()).as(secondRetried.body().toString()).isEqualTo(202);
        assertThat(remaining(sale)).as("the second buyer's order is placed by its retry").isEqualTo(7);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(deliveredOrders.get(sale))
                .hasSize(3).contains(Long.parseLong(secondRetried.text("orderId"))));
    }

    private long remaining(long sale) {
        String value = redis.opsForValue().get(StockKeys.remaining(sale));
        return value == null ? Long.MIN_VALUE : Long.parseLong(value);
    }

    private static void assertProblem(Shop.Answer answer, int status, String code) {
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(status);
        assertThat(answer.text("code")).isEqualTo(code);
    }

    private static List<Shop.Answer> race(int buyers, int threads, java.util.function.IntFunction<Supplier<Shop.Answer>> buyer)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Shop.Answer>> futures = new ArrayList<>();
            for (int i = 0; i < buyers; i++) {
                Supplier<Shop.Answer> call = buyer.apply(i);
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.get();
                }));
            }
            start.countDown();
            List<Shop.Answer> answers = new ArrayList<>();
            for (Future<Shop.Answer> future : futures) {
                answers.add(future.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    private static ConfigurableApplicationContext startInventory(int port) {
        return SiblingApplication.start(InventoryServiceApplication.class,
                Map.of("SECKILL_INVENTORY_DB", "seckill_inventory_order_it", "SERVER_PORT", port));
    }

    private static DefaultMQPushConsumer deliveredOrdersConsumer() throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer("order-path-it-" + UUID.randomUUID());
        consumer.setNamesrvAddr(TestServers.rocketMqNamesrv());
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_TIMESTAMP);
        consumer.setConsumeTimestamp(DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.systemDefault())
                .format(Instant.now().minusSeconds(5)));
        consumer.subscribe(OrderPlacedEvent.TOPIC, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            messages.forEach(message -> {
                OrderPlacedEvent order = json.readValue(message.getBody(), OrderPlacedEvent.class);
                deliveredOrders.computeIfAbsent(order.activityId(), id -> ConcurrentHashMap.newKeySet()).add(order.orderId());
            });
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        return consumer;
    }

    private static int port(ConfigurableApplicationContext context) {
        return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }
}
