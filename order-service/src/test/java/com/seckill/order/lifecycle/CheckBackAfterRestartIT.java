package com.seckill.order.lifecycle;

import com.seckill.events.order.OrderCancelledEvent;
import com.seckill.events.order.OrderPaidEvent;
import com.seckill.order.OrderServiceApplication;
import com.seckill.testsupport.SiblingApplication;
import com.seckill.testsupport.TestServers;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.impl.factory.MQClientInstance;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.remoting.protocol.body.Connection;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * order-service died (here: its producer shut down) between a status change's half message and the
 * commit; the broker keeps asking the producer group, round after round with nobody there. A new
 * instance of order-service starts: by the time it reports ready the broker lists it in the group, and
 * it answers from the row: the change the row carries is committed, the one it does not is rolled back.
 * On the real broker (test check-backs: from 3 s on, every second) and MySQL.
 */
class CheckBackAfterRestartIT {

    private static final String DB = "seckill_order_checkback_it";

    private final List<AutoCloseable> closing = new ArrayList<>();
    private final Map<Long, String> deliveredChanges = new ConcurrentHashMap<>();

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    @Test
    void changesLeftUndecidedByADeadInstanceAreDecidedByTheNextOneWhichWasRegisteredBeforeItWasReady() throws Exception {
        String group = "order-lifecycle-restart-it-" + UUID.randomUUID();
        TestServers.createTopics(OrderPaidEvent.TOPIC, OrderCancelledEvent.TOPIC);
        JdbcClient jdbc = orderSchema();
        watchEvents();

        // The dead instance's two changes: one whose compare-and-set had committed (the row carries it),
        // one that never got that far (the row is still CREATED).
        long paidOrder = insertOrder(jdbc, "PAID", "3b0b2f8e-0000-4000-8000-00000000000a");
        long untouchedOrder = insertOrder(jdbc, "CREATED", null);
        TransactionMQProducer dying = new TransactionMQProducer(group);
        dying.setNamesrvAddr(TestServers.rocketMqNamesrv());
        dying.setInstanceName("dying-" + UUID.randomUUID());
        dying.setTransactionListener(new TransactionListener() {
            @Override
            public LocalTransactionState executeLocalTransaction(Message message, Object argument) {
                return LocalTransactionState.UNKNOW; // it died before it could say
            }

            @Override
            public LocalTransactionState checkLocalTransaction(MessageExt message) {
                return LocalTransactionState.UNKNOW;
            }
        });
        dying.start();
        sendHalf(dying, OrderPaidEvent.TOPIC, paidOrder, "3b0b2f8e-0000-4000-8000-00000000000a");
        sendHalf(dying, OrderCancelledEvent.TOPIC, untouchedOrder, "3b0b2f8e-0000-4000-8000-00000000000b");
        dying.shutdown(); // gone from the group: the broker's rounds now find nobody to ask

        ConfigurableApplicationContext restarted = SiblingApplication.start(OrderServiceApplication.class, Map.of(
                "SECKILL_ORDER_DB", DB,
                "SECKILL_JWT_SECRET", "test-secret-of-at-least-32-bytes-long!",
                "SECKILL_ORDER_PRODUCER_GROUP", "order-service-restart-it-" + UUID.randomUUID(),
                "SECKILL_ORDER_LIFECYCLE_PRODUCER_GROUP", group,
                "SECKILL_PAYMENT_CHECKS", "false"));
        closing.add(restarted);

        // run() has returned: the runners are done and readiness was reported. The broker already knows it.
        assertThat(producersOnTheBroker(group)).as("registered before it was ready").isNotEmpty();
        assertThat(readiness(restarted)).isEqualTo(200);

        MeterRegistry meters = restarted.getBean(MeterRegistry.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> deliveredChanges.containsKey(paidOrder)
                && meters.counter("seckill.orders.transition.checks", "decision", "rollback").count() >= 1);
        assertThat(deliveredChanges.get(paidOrder)).as("the change the row carries").isEqualTo("3b0b2f8e-0000-4000-8000-00000000000a");
        assertThat(meters.counter("seckill.orders.transition.checks", "decision", "commit").count()).isGreaterThanOrEqualTo(1);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> !deliveredChanges.containsKey(untouchedOrder));
        assertThat(status(jdbc, untouchedOrder)).as("a check-back changes no row").isEqualTo("CREATED");
    }

    private JdbcClient orderSchema() {
        String url = TestServers.mysqlBaseUrl() + "/" + DB + "?createDatabaseIfNotExist=true&connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true";
        DriverManagerDataSource dataSource = new DriverManagerDataSource(url, TestServers.mysqlUser(), TestServers.mysqlPassword());
        // the rows must be there before the new instance answers, so the schema before it starts
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/order").load().migrate();
        return JdbcClient.create(dataSource);
    }

    private static long insertOrder(JdbcClient jdbc, String status, String changeId) {
        long order = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        jdbc.sql("""
                INSERT INTO orders (order_id, user_id, activity_id, product_id, quantity, amount_cents, status, status_change_id,
                                    created_at, pay_by, sequence)
                VALUES (?, 'restart-it', 7, 3, 1, 19900, ?, ?, ?, ?, ?)""")
                .params(order, status, changeId, Timestamp.from(Instant.now()), Timestamp.from(Instant.now().plusSeconds(900)),
                        order % 1_000_000)
                .update();
        return order;
    }

    private static String status(JdbcClient jdbc, long order) {
        return jdbc.sql("SELECT status FROM orders WHERE order_id = ?").param(order).query(String.class).single();
    }

    /** As {@link OrderTransitions} sends it: the order and the change id as user properties. */
    private static void sendHalf(TransactionMQProducer producer, String topic, long order, String changeId) throws Exception {
        Message message = new Message(topic, ("{\"orderId\":" + order + "}").getBytes(StandardCharsets.UTF_8));
        message.setKeys(Long.toString(order));
        message.putUserProperty(TransitionTransaction.ORDER_HEADER, Long.toString(order));
        message.putUserProperty(TransitionTransaction.CHANGE_HEADER, changeId);
        assertThat(producer.sendMessageInTransaction(message, null).getLocalTransactionState()).isEqualTo(LocalTransactionState.UNKNOW);
    }

    private void watchEvents() throws Exception {
        DefaultMQPushConsumer events = new DefaultMQPushConsumer("checkback-it-" + UUID.randomUUID());
        events.setNamesrvAddr(TestServers.rocketMqNamesrv());
        events.setInstanceName("checkback-it-" + UUID.randomUUID());
        events.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_TIMESTAMP);
        events.setConsumeTimestamp(DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.systemDefault())
                .format(Instant.now().minusSeconds(5)));
        events.subscribe(OrderPaidEvent.TOPIC, "*");
        events.subscribe(OrderCancelledEvent.TOPIC, "*");
        events.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            messages.forEach(message -> {
                String order = message.getUserProperty(TransitionTransaction.ORDER_HEADER);
                if (order != null) {
                    deliveredChanges.put(Long.parseLong(order), message.getUserProperty(TransitionTransaction.CHANGE_HEADER));
                }
            });
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        events.start();
        closing.add(events::shutdown);
    }

    /** The client ids the broker of the paid topic lists as producers of the group, asked by a client of the test's own. */
    private Set<String> producersOnTheBroker(String group) throws Exception {
        DefaultMQProducer probe = new DefaultMQProducer("checkback-it-probe-" + UUID.randomUUID());
        probe.setNamesrvAddr(TestServers.rocketMqNamesrv());
        probe.setInstanceName("checkback-it-probe-" + UUID.randomUUID());
        probe.start();
        try {
            MQClientInstance client = probe.getDefaultMQProducerImpl().getMqClientFactory();
            client.updateTopicRouteInfoFromNameServer(OrderPaidEvent.TOPIC);
            BrokerData broker = client.getTopicRouteTable().get(OrderPaidEvent.TOPIC).getBrokerDatas().get(0);
            return client.getMQClientAPIImpl()
                    .getProducerConnectionList(broker.getBrokerAddrs().get(MixAll.MASTER_ID), group, 3_000)
                    .getConnectionSet().stream().map(Connection::getClientId).collect(Collectors.toSet());
        } finally {
            probe.shutdown();
        }
    }

    private static int readiness(ConfigurableApplicationContext context) throws Exception {
        int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
