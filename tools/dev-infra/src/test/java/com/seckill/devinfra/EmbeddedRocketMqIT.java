package com.seckill.devinfra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.client.producer.TransactionSendResult;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The in-process broker, seen only through ordinary clients, as the services will see it. */
class EmbeddedRocketMqIT {

    private static final String PLAIN_TOPIC = "it-plain";
    private static final String TX_TOPIC = "it-transactional";
    private static final String DELAY_TOPIC = "it-delayed";

    private static EmbeddedRocketMq mq;

    private final Map<String, Long> received = new ConcurrentHashMap<>();
    private final List<AutoCloseable> clients = new ArrayList<>();

    @BeforeAll
    static void startBroker() throws Exception {
        Path dir = TestDirs.fresh("rocketmq");
        mq = EmbeddedRocketMq.builder(dir)
            .topics(List.of(PLAIN_TOPIC, TX_TOPIC))
            // check-back after ~1 s instead of RocketMQ's 6-36 s, to keep the test short
            .transactionChecks(new TransactionChecks(Duration.ofSeconds(1), Duration.ofSeconds(1), 15))
            .start();
    }

    @AfterAll
    static void stopBroker() {
        if (mq != null) {
            mq.close();
        }
    }

    @AfterEach
    void closeClients() throws Exception {
        for (AutoCloseable client : clients) {
            client.close();
        }
    }

    @Test
    void picksThreeFreeBrokerPortsApartFromTheNameServer() {
        assertThat(mq.namesrvAddress()).isEqualTo("127.0.0.1:" + mq.namesrvPort());
        assertThat(mq.brokerAddress()).isEqualTo("127.0.0.1:" + mq.brokerPort());
        assertThat(List.of(mq.brokerPort() - 2, mq.brokerPort(), mq.brokerPort() + 1)).doesNotContain(mq.namesrvPort());
    }

    @Test
    void rejectsATopicNameClientsWouldRefuse() {
        assertThatThrownBy(() -> mq.createTopics(List.of("no spaces please")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("no spaces please");
    }

    @Test
    void deliversAPlainMessage() throws Exception {
        consume(PLAIN_TOPIC, "it-plain-consumer");
        DefaultMQProducer producer = producer(new DefaultMQProducer("it-plain-producer"));

        SendResult result = producer.send(new Message(PLAIN_TOPIC, "hello".getBytes(StandardCharsets.UTF_8)));

        assertThat(result.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        awaitDelivery("hello");
    }

    @Test
    void commitsAnUnknownTransactionOnCheckBack() throws Exception {
        consume(TX_TOPIC, "it-tx-consumer");
        AtomicInteger checks = new AtomicInteger();
        TransactionMQProducer producer = new TransactionMQProducer("it-tx-producer");
        producer.setTransactionListener(new TransactionListener() {
            @Override
            public LocalTransactionState executeLocalTransaction(Message msg, Object arg) {
                return LocalTransactionState.UNKNOW; // as if the local commit's outcome were lost
            }

            @Override
            public LocalTransactionState checkLocalTransaction(MessageExt msg) {
                checks.incrementAndGet();
                return LocalTransactionState.COMMIT_MESSAGE;
            }
        });
        producer(producer);

        TransactionSendResult result = producer.sendMessageInTransaction(
            new Message(TX_TOPIC, "order-1".getBytes(StandardCharsets.UTF_8)), null);

        assertThat(result.getLocalTransactionState()).isEqualTo(LocalTransactionState.UNKNOW);
        // invisible to consumers until the broker's check-back gets COMMIT
        awaitDelivery("order-1");
        assertThat(checks.get()).isPositive();
    }

    @Test
    void topicsCreatedLaterAreRoutableAtOnceAndDelayedMessagesWait() throws Exception {
        mq.createTopics(List.of(DELAY_TOPIC));
        consume(DELAY_TOPIC, "it-delay-consumer");
        DefaultMQProducer producer = producer(new DefaultMQProducer("it-delay-producer"));
        Message message = new Message(DELAY_TOPIC, "later".getBytes(StandardCharsets.UTF_8));
        message.setDelayTimeMs(2_000); // the timer wheel, as payment time-outs will use it

        long sentAt = System.currentTimeMillis();
        assertThat(producer.fetchPublishMessageQueues(DELAY_TOPIC)).hasSize(4);
        assertThat(producer.send(message).getSendStatus()).isEqualTo(SendStatus.SEND_OK);

        awaitDelivery("later");
        // the timer wheel works in whole seconds: 2 s may come up to 1 s early, but never at once
        assertThat(received.get("later") - sentAt).isGreaterThanOrEqualTo(1_000);
    }

    /**
     * A push consumer gets its queues from a rebalance: one at start, then one every 20 s. On a busy
     * 2-core CI box the first can miss the broker (a CI run waited exactly those 20 s), so the wait
     * covers two more rounds; what is asserted is delivery, not its speed.
     */
    private void awaitDelivery(String body) {
        await().atMost(Duration.ofSeconds(60)).until(() -> received.containsKey(body));
    }

    private void consume(String topic, String group) throws Exception {
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(group);
        consumer.setNamesrvAddr(mq.namesrvAddress());
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            messages.forEach(m -> received.put(new String(m.getBody(), StandardCharsets.UTF_8), System.currentTimeMillis()));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        clients.add(consumer::shutdown);
    }

    private <P extends DefaultMQProducer> P producer(P producer) throws Exception {
        producer.setNamesrvAddr(mq.namesrvAddress());
        producer.start();
        clients.add(producer::shutdown);
        return producer;
    }
}
