package com.seckill.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.Test;

/** Whatever mode this machine gets (local here: no Docker engine), the three servers answer. */
class RealServersIT {

    @Test
    void registersTheSettingsOfAWorkingMySql() throws Exception {
        Map<String, Supplier<Object>> properties = new HashMap<>();
        TestServers.register(properties::put);

        assertThat(TestServers.mode()).isIn("local", "containers");
        assertThat(properties).containsKeys("SECKILL_MYSQL_URL", "SECKILL_MYSQL_USER", "SECKILL_MYSQL_PASSWORD",
            "SECKILL_REDIS_URL", "SECKILL_ROCKETMQ_NAMESRV", "eureka.client.enabled");
        assertThat(properties.get("eureka.client.enabled").get()).isEqualTo("false");
        String url = properties.get("SECKILL_MYSQL_URL").get() + "/testsupport_it?createDatabaseIfNotExist=true";

        try (Connection c = DriverManager.getConnection(url, TestServers.mysqlUser(), TestServers.mysqlPassword());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select database()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("testsupport_it");
        }
    }

    @Test
    void redisAnswers() throws Exception {
        URI redis = URI.create(TestServers.redisUrl());
        try (Socket socket = new Socket(redis.getHost(), redis.getPort())) {
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(in.readLine()).isEqualTo("+PONG");
        }
    }

    @Test
    void createdTopicsDeliverAtOnce() throws Exception {
        TestServers.createTopics("testsupport-it-topic");
        TestServers.createTopics(); // no-op

        Set<String> received = ConcurrentHashMap.newKeySet();
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer("testsupport-it-consumer");
        DefaultMQProducer producer = new DefaultMQProducer("testsupport-it-producer");
        try {
            consumer.setNamesrvAddr(TestServers.rocketMqNamesrv());
            consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
            consumer.subscribe("testsupport-it-topic", "*");
            consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
                messages.forEach(m -> received.add(new String(m.getBody(), StandardCharsets.UTF_8)));
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
            consumer.start();
            producer.setNamesrvAddr(TestServers.rocketMqNamesrv());
            producer.start();

            Message message = new Message("testsupport-it-topic", "ping".getBytes(StandardCharsets.UTF_8));
            assertThat(producer.send(message).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            // a push consumer whose first rebalance misses the broker (a busy CI box) gets its queues
            // on the next, 20 s later: the wait covers that; what is asserted is delivery
            await().atMost(Duration.ofSeconds(60)).until(() -> received.contains("ping"));
        } finally {
            producer.shutdown();
            consumer.shutdown();
        }
    }
}
