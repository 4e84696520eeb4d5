package com.seckill.inventory;

import com.seckill.events.order.OrderCancelledEvent;
import com.seckill.events.order.OrderPaidEvent;
import com.seckill.events.order.OrderPlacedEvent;
import com.seckill.inventory.stock.StockKeys;
import com.seckill.testsupport.TestServers;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one application context of the suite whose stock ledger consumes (the other ITs switch it off, so
 * no second consumer of the group takes queues away from it), on the real MySQL, Redis and RocketMQ
 * broker. Test classes extend it to share the context. Order events are published the way order-service
 * does: JSON of {@link OrderPlacedEvent}, {@link OrderPaidEvent}, {@link OrderCancelledEvent} on their
 * topics, here with a plain producer.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class WithStockLedger {

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        TestServers.register(registry);
        registry.add("SECKILL_INVENTORY_DB", () -> "seckill_inventory_it");
        // before the consumer starts, or its first messages wait for the client's 30 s route poll
        TestServers.createTopics(OrderPlacedEvent.TOPIC, OrderPaidEvent.TOPIC, OrderCancelledEvent.TOPIC);
    }

    private static DefaultMQProducer producer;

    @Value("${local.server.port}")
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected StringRedisTemplate redis;

    @Autowired
    protected JsonMapper json;

    private final List<Long> activities = new ArrayList<>();

    private InventoryApi api;

    /** The service's endpoints, on this context's port. */
    protected InventoryApi api() {
        if (api == null) {
            api = new InventoryApi(port, json);
        }
        return api;
    }

    @BeforeAll
    static void startProducer() throws Exception {
        producer = new DefaultMQProducer("inventory-it-producer-" + System.nanoTime());
        producer.setNamesrvAddr(TestServers.rocketMqNamesrv());
        producer.setInstanceName("inventory-it-" + System.nanoTime());
        producer.start();
    }

    @AfterAll
    static void stopProducer() {
        if (producer != null) {
            producer.shutdown();
        }
    }

    @AfterEach
    void forgetActivities() {
        for (long id : activities) {
            jdbc.sql("DELETE FROM stock_movements WHERE activity_id = ?").param(id).update();
            jdbc.sql("DELETE FROM activity_stock WHERE activity_id = ?").param(id).update();
            deleteLiveStock(id);
        }
    }

    /** What a Redis that lost everything has of the activity: none of its keys. */
    protected void deleteLiveStock(long activityId) {
        redis.delete(StockKeys.all(activityId));
    }

    /** An activity id no other test uses; cleaned up after the test. */
    protected long newActivityId() {
        long id = ThreadLocalRandom.current().nextLong(8_000_000_000L, 9_000_000_000L);
        activities.add(id);
        return id;
    }

    /** An activity with its stock record in MySQL (not in Redis: the ledger does not need it). */
    protected long activityWithRecord(int total) {
        long id = newActivityId();
        jdbc.sql("INSERT INTO activity_stock (activity_id, total, available) VALUES (?, ?, ?)").params(id, total, total).update();
        return id;
    }

    protected static OrderPlacedEvent order(long orderId, long activityId, int quantity) {
        return new OrderPlacedEvent(orderId, "u" + orderId, activityId, 77, quantity, 100L * quantity, Instant.now(), 1, null);
    }

    protected static long newOrderId() {
        return ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    }

    protected void publish(List<OrderPlacedEvent> orders) throws Exception {
        for (OrderPlacedEvent order : orders) {
            Message message = new Message(OrderPlacedEvent.TOPIC, json.writeValueAsBytes(order));
            message.setKeys(Long.toString(order.orderId()));
            send(message);
        }
    }

    /** In RocketMQ batch sends (each lands on one queue at once), so the consumer finds a backlog to batch. */
    protected void publishInBatches(List<OrderPlacedEvent> orders, int perSend) throws Exception {
        for (int from = 0; from < orders.size(); from += perSend) {
            List<Message> messages = new ArrayList<>();
            for (OrderPlacedEvent order : orders.subList(from, Math.min(orders.size(), from + perSend))) {
                Message message = new Message(OrderPlacedEvent.TOPIC, json.writeValueAsBytes(order));
                message.setKeys(Long.toString(order.orderId()));
                messages.add(message);
            }
            SendResult result = producer.send(messages);
            assertThat(result.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        }
    }

    protected static OrderPaidEvent paid(OrderPlacedEvent order) {
        return new OrderPaidEvent(order.orderId(), order.userId(), order.activityId(), order.quantity(), Instant.now());
    }

    protected static OrderCancelledEvent cancelled(OrderPlacedEvent order, OrderCancelledEvent.Reason reason) {
        return new OrderCancelledEvent(order.orderId(), order.userId(), order.activityId(), order.quantity(), Instant.now(), reason);
    }

    protected void publishPaid(OrderPaidEvent... events) throws Exception {
        for (OrderPaidEvent event : events) {
            publishEvent(OrderPaidEvent.TOPIC, event, event.orderId());
        }
    }

    protected void publishCancelled(OrderCancelledEvent... events) throws Exception {
        for (OrderCancelledEvent event : events) {
            publishEvent(OrderCancelledEvent.TOPIC, event, event.orderId());
        }
    }

    private void publishEvent(String topic, Object event, long orderId) throws Exception {
        Message message = new Message(topic, json.writeValueAsBytes(event));
        message.setKeys(Long.toString(orderId));
        send(message);
    }

    protected void publishRaw(byte[] body) throws Exception {
        send(new Message(OrderPlacedEvent.TOPIC, body));
    }

    private static void send(Message message) throws Exception {
        SendResult result = producer.send(message);
        assertThat(result.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
    }

    /** The stock record: total, available, locked, sold. */
    protected Map<String, Object> record(long activityId) {
        return jdbc.sql("SELECT total, available, locked, sold FROM activity_stock WHERE activity_id = ?")
                .param(activityId).query().singleRow();
    }

    protected int locked(long activityId) {
        return (Integer) record(activityId).get("locked");
    }

    protected long movements(long activityId) {
        return jdbc.sql("SELECT COUNT(*) FROM stock_movements WHERE activity_id = ?").param(activityId).query(Long.class).single();
    }
}
