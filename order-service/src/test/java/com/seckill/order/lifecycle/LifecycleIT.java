package com.seckill.order.lifecycle;

import com.seckill.events.order.OrderCancelledEvent;
import com.seckill.events.order.OrderPaidEvent;
import com.seckill.events.order.PaymentDueBatchEvent;
import com.seckill.events.order.PaymentDueBatchEvent.DueOrder;
import com.seckill.events.order.PaymentDueEvent;
import com.seckill.testsupport.TestServers;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Paying, cancelling and the payment timer on real servers (MySQL, the real broker). The order rows
 * are written here as order-consumer-service writes them; a test consumer sees which paid / cancelled
 * events the broker delivers, i.e. which status changes were committed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LifecycleIT {

    static final JsonMapper json = JsonMapper.builder().build();
    static final HttpClient http = HttpClient.newHttpClient();
    static final Map<Long, List<String>> eventsByOrder = new ConcurrentHashMap<>();
    /**
     * Distinct status changes per order ("CANCELLED:PAYMENT_TIMEOUT &lt;change id&gt;"): the broker may deliver
     * one committed change twice (at least once, e.g. after its check-back), a second change has an id of its own.
     */
    static final Map<Long, Set<String>> changesByOrder = new ConcurrentHashMap<>();
    static DefaultMQPushConsumer events;
    static DefaultMQProducer timers;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        TestServers.register(registry);
        registry.add("SECKILL_ORDER_DB", () -> "seckill_order_lifecycle_it");
        registry.add("SECKILL_JWT_SECRET", () -> "test-secret-of-at-least-32-bytes-long!");
        registry.add("SECKILL_ORDER_PRODUCER_GROUP", () -> "order-service-lifecycle-it");
        registry.add("SECKILL_ORDER_LIFECYCLE_PRODUCER_GROUP", () -> "order-lifecycle-it");
        registry.add("SECKILL_PAYMENT_DUE_CONSUMER_GROUP", () -> "payment-due-it-" + UUID.randomUUID());
        registry.add("SECKILL_PAYMENT_DUE_BATCH_CONSUMER_GROUP", () -> "payment-due-v2-it-" + UUID.randomUUID());
    }

    @BeforeAll
    static void brokerClients() throws Exception {
        TestServers.createTopics(OrderPaidEvent.TOPIC, OrderCancelledEvent.TOPIC, PaymentDueEvent.TOPIC, PaymentDueBatchEvent.TOPIC);
        events = new DefaultMQPushConsumer("lifecycle-it-" + UUID.randomUUID());
        events.setNamesrvAddr(TestServers.rocketMqNamesrv());
        events.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_TIMESTAMP);
        events.setConsumeTimestamp(DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.systemDefault())
                .format(Instant.now().minusSeconds(5)));
        events.subscribe(OrderPaidEvent.TOPIC, "*");
        events.subscribe(OrderCancelledEvent.TOPIC, "*");
        events.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            messages.forEach(message -> {
                JsonNode event = json.readTree(message.getBody());
                String kind = message.getTopic().equals(OrderPaidEvent.TOPIC) ? "PAID" : "CANCELLED:" + event.get("reason").asString();
                eventsByOrder.computeIfAbsent(event.get("orderId").asLong(), id -> new CopyOnWriteArrayList<>()).add(kind);
                changesByOrder.computeIfAbsent(event.get("orderId").asLong(), id -> ConcurrentHashMap.newKeySet())
                        .add(kind + " " + message.getUserProperty(TransitionTransaction.CHANGE_HEADER));
            });
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        events.start();
        timers = new DefaultMQProducer("lifecycle-it-timers-" + UUID.randomUUID());
        timers.setNamesrvAddr(TestServers.rocketMqNamesrv());
        timers.start();
    }

    @AfterAll
    static void stop() {
        events.shutdown();
        timers.shutdown();
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry meters;

    @Test
    void payingMovesCreatedToPaidOnceAndAPaidOrderCannotBeCancelled() {
        long order = createdOrder("payer", Instant.now().plus(Duration.ofMinutes(15)));

        assertAnswer(call(order, "pay", "payer"), 200, "PAID");
        assertAnswer(call(order, "pay", "payer"), 200, "PAID");
        assertProblem(call(order, "cancel", "payer"), 409, "ORDER_NOT_PAYABLE");
        assertThat(call(order, "pay", "someone-else").statusCode()).as("another user's order is not found").isEqualTo(404);

        assertThat(status(order)).isEqualTo("PAID");
        await().atMost(Duration.ofSeconds(30)).until(() -> eventsByOrder.containsKey(order));
        assertThat(eventsByOrder.get(order)).containsExactly("PAID");
    }

    @Test
    void aCancelledOrderCannotBePaidAndCancellingTwiceAnswersTheSame() {
        long order = createdOrder("canceller", Instant.now().plus(Duration.ofMinutes(15)));

        assertAnswer(call(order, "cancel", "canceller"), 200, "CANCELLED");
        assertAnswer(call(order, "cancel", "canceller"), 200, "CANCELLED");
        assertProblem(call(order, "pay", "canceller"), 409, "ORDER_NOT_PAYABLE");

        await().atMost(Duration.ofSeconds(30)).until(() -> eventsByOrder.containsKey(order));
        assertThat(eventsByOrder.get(order)).containsExactly("CANCELLED:BUYER");
        assertThat(call(424242L, "pay", "canceller").statusCode()).isEqualTo(404);
    }

    /** Version 1 (one message per order) is still consumed while older consumers' timers can arrive. */
    @Test
    void anUnpaidOrderIsCancelledByItsVersion1TimerAndATimerDeliveredTwiceCancelsOnce() throws Exception {
        Instant payBy = Instant.now().plus(Duration.ofSeconds(2));
        long order = createdOrder("forgetful", payBy);
        paymentDue(order, payBy);
        paymentDue(order, payBy);

        await().atMost(Duration.ofSeconds(30)).until(() -> "CANCELLED".equals(status(order)));
        assertProblem(call(order, "pay", "forgetful"), 409, "ORDER_NOT_PAYABLE");
        await().atMost(Duration.ofSeconds(30)).until(() -> eventsByOrder.containsKey(order));
        // Both timer messages are consumed (the second finds it cancelled); still one cancellation.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> eventsByOrder.get(order).equals(List.of("CANCELLED:PAYMENT_TIMEOUT")));
    }

    @Test
    void aBatchTimerCancelsExactlyItsUnpaidOrdersAndLeavesPaidAndCancelledOnesAlone() throws Exception {
        Instant now = Instant.now();
        Instant earlier = now.plus(Duration.ofMillis(1_500));
        Instant later = now.plus(Duration.ofMillis(2_500));
        long forgotten = createdOrder("batch-forgetful", earlier);
        long forgottenLater = createdOrder("batch-forgetful-too", later);
        long paid = createdOrder("batch-punctual", later);
        long withdrawn = createdOrder("batch-withdrawn", earlier);
        assertAnswer(call(paid, "pay", "batch-punctual"), 200, "PAID");
        assertAnswer(call(withdrawn, "cancel", "batch-withdrawn"), 200, "CANCELLED");

        paymentsDue(later, due(forgotten, earlier), due(forgottenLater, later), due(paid, later), due(withdrawn, earlier));
        paymentsDue(later, due(forgotten, earlier), due(paid, later)); // the same check delivered twice

        await().atMost(Duration.ofSeconds(30)).until(() -> "CANCELLED".equals(status(forgotten)) && "CANCELLED".equals(status(forgottenLater)));
        assertThat(Instant.now()).as("cancelled only once the payBy had passed").isAfterOrEqualTo(later);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(15)).until(() ->
                onlyChange(forgotten, "CANCELLED:PAYMENT_TIMEOUT") && onlyChange(forgottenLater, "CANCELLED:PAYMENT_TIMEOUT")
                        && onlyChange(paid, "PAID") && onlyChange(withdrawn, "CANCELLED:BUYER"));
        assertThat(status(paid)).isEqualTo("PAID");
        assertThat(status(withdrawn)).isEqualTo("CANCELLED");
    }

    @Test
    void aPaidOrderOutlivesItsTimer() throws Exception {
        Instant payBy = Instant.now().plus(Duration.ofSeconds(2));
        long order = createdOrder("punctual", payBy);
        paymentsDue(payBy, due(order, payBy));
        assertAnswer(call(order, "pay", "punctual"), 200, "PAID");

        await().pollDelay(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).until(() -> "PAID".equals(status(order)));
        assertThat(eventsByOrder.get(order)).containsExactly("PAID");
    }

    /**
     * A check delivered before some of its orders' payBy (clocks apart, a message resent by hand)
     * cancels those already due, leaves the others to be paid, and comes again after the broker's
     * back-off (10 s) for the others: redelivered whole, never dropped, and the orders it already cancelled
     * are not cancelled twice.
     */
    @Test
    void aBatchTimerThatComesEarlyForSomeOrdersIsRedeliveredAndCancelsThemOnlyAfterTheirPayBy() throws Exception {
        Instant now = Instant.now();
        Instant past = now.minusSeconds(1);
        Instant soon = now.plusSeconds(8);
        long due = createdOrder("due-already", past);
        long notYet = createdOrder("not-yet-due", soon);
        double retriesBefore = retriesLater();

        paymentsDue(null, due(due, past), due(notYet, soon));

        await().atMost(Duration.ofSeconds(30)).until(() -> retriesLater() > retriesBefore && "CANCELLED".equals(status(due)));
        assertThat(Instant.now().isBefore(soon)).as("the first delivery was checked before the later payBy").isTrue();
        assertThat(status(notYet)).as("not cancelled before its payBy").isEqualTo("CREATED");

        await().atMost(Duration.ofSeconds(45)).until(() -> "CANCELLED".equals(status(notYet)));
        assertThat(Instant.now()).isAfterOrEqualTo(soon);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(15)).until(() ->
                onlyChange(due, "CANCELLED:PAYMENT_TIMEOUT") && onlyChange(notYet, "CANCELLED:PAYMENT_TIMEOUT"));
    }

    @Test
    void aTimerForAnOrderNotYetInMysqlIsRetriedNotDropped() throws Exception {
        long order = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        Instant payBy = Instant.now().plus(Duration.ofSeconds(1));
        double retriesBefore = retriesLater();
        paymentsDue(payBy, due(order, payBy));
        await().atMost(Duration.ofSeconds(45)).until(() -> retriesLater() > retriesBefore);
        insertOrder(order, "late-row", payBy);

        // The first delivery found no row; the broker's retry (10 s later) cancels it.
        await().atMost(Duration.ofSeconds(45)).until(() -> "CANCELLED".equals(status(order)));
    }

    @Test
    void aBuyerCancellingWhileTheTimerFiresReturnsTheStockOnce() throws Exception {
        Instant payBy = Instant.now().plus(Duration.ofSeconds(2));
        long order = createdOrder("racer", payBy);
        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(payBy));

        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> cancels = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            cancels.add(pool.submit(() -> {
                start.await();
                return call(order, "cancel", "racer");
            }));
            pool.submit(() -> {
                start.await();
                paymentsDue(payBy, due(order, payBy));
                return null;
            });
        }
        start.countDown();
        for (Future<HttpResponse<String>> cancel : cancels) {
            assertAnswer(cancel.get(), 200, "CANCELLED");
        }
        pool.shutdown();

        await().atMost(Duration.ofSeconds(30)).until(() -> eventsByOrder.containsKey(order));
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(15)).until(() -> eventsByOrder.get(order).size() == 1);
    }

    private long createdOrder(String user, Instant payBy) {
        long order = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        insertOrder(order, user, payBy);
        return order;
    }

    private void insertOrder(long order, String user, Instant payBy) {
        jdbc.sql("""
                INSERT INTO orders (order_id, user_id, activity_id, product_id, quantity, amount_cents, status, created_at, pay_by, sequence)
                VALUES (?, ?, 7, 3, 1, 19900, 'CREATED', ?, ?, ?)""")
                .params(order, user, Timestamp.from(Instant.now()), Timestamp.from(payBy), order % 1_000_000).update();
    }

    private String status(long order) {
        return jdbc.sql("SELECT status FROM orders WHERE order_id = ?").param(order).query(String.class).single();
    }

    /** The order's one and only status change so far is of this kind. */
    private static boolean onlyChange(long order, String kind) {
        Set<String> changes = changesByOrder.getOrDefault(order, Set.of());
        return changes.size() == 1 && changes.iterator().next().startsWith(kind + " ");
    }

    private double retriesLater() {
        return meters.counter("seckill.orders.payment-checks", "outcome", "retry_later").count();
    }

    private static DueOrder due(long order, Instant payBy) {
        return new DueOrder(order, 7, payBy);
    }

    /** A version 2 timer, delivered at {@code deliverAt} (null: at once), as order-consumer-service sends it. */
    private static void paymentsDue(Instant deliverAt, DueOrder... orders) throws Exception {
        Message message = new Message(PaymentDueBatchEvent.TOPIC, json.writeValueAsBytes(new PaymentDueBatchEvent(List.of(orders))));
        if (deliverAt != null) {
            message.setDeliverTimeMs(deliverAt.toEpochMilli());
        }
        timers.send(message);
    }

    private static void paymentDue(long order, Instant payBy) throws Exception {
        Message message = new Message(PaymentDueEvent.TOPIC, json.writeValueAsBytes(new PaymentDueEvent(order, 7, payBy)));
        message.setDeliverTimeMs(payBy.toEpochMilli());
        timers.send(message);
    }

    private HttpResponse<String> call(long order, String action, String user) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/orders/" + order + "/" + action))
                            .header("X-User-Id", user).header("X-User-Roles", "USER")
                            .POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertAnswer(HttpResponse<String> response, int status, String orderStatus) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(json.readTree(response.body()).get("status").asString()).isEqualTo(orderStatus);
    }

    private static void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(json.readTree(response.body()).get("code").asString()).isEqualTo(code);
    }
}
