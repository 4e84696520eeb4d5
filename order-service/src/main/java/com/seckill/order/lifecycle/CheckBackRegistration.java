package com.seckill.order.lifecycle;

import com.seckill.events.order.OrderCancelledEvent;
import com.seckill.events.order.OrderPaidEvent;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.impl.factory.MQClientInstance;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.common.ServiceState;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.remoting.protocol.body.ProducerConnection;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * This instance is ready only once the broker can ask it about the paid / cancelled events that a dead
 * instance left undecided (half messages, {@link TransitionTransaction}): the broker asks a producer of
 * the message's group that it knows from a heartbeat, and counts a round without one against the
 * message's limit, after which it drops it. A restarted instance that reported ready before its producer
 * had registered would let those rounds pass, and a load balancer would think it whole.
 *
 * <p>So before readiness (an {@link ApplicationRunner}: Spring reports ACCEPTING_TRAFFIC after the
 * runners), the lifecycle producer must be started with its listener, know the brokers of the paid and
 * cancelled topics, have sent them a heartbeat, and each of them must list this client in the group (a
 * topic the name server does not know yet, created on its first send, has no broker to wait for). The
 * runner tries for {@code seckill.lifecycle.check-backs.register-within}; a broker that cannot be reached
 * by then does not stop the start (orders are refused by the broker gate meanwhile), but the readiness
 * group (health contributor {@code checkBacks}) stays DOWN until a later try succeeds. Once registered it
 * stays UP: the client's own heartbeat (every 30 s) keeps the registration, and a broker blip is the
 * broker gate's to handle, not a reason to leave the load balancer.
 */
@Component("checkBacks")
class CheckBackRegistration implements ApplicationRunner, HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(CheckBackRegistration.class);
    private static final List<String> TOPICS = List.of(OrderPaidEvent.TOPIC, OrderCancelledEvent.TOPIC);
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(3);

    private final LifecycleRocketMQTemplate rocketMq;
    private final Duration registerWithin;
    private final Duration retryEvery;
    private volatile boolean registered;
    private volatile String notYet = "not tried yet";

    CheckBackRegistration(LifecycleRocketMQTemplate rocketMq,
                          @Value("${seckill.lifecycle.check-backs.register-within}") Duration registerWithin,
                          @Value("${seckill.lifecycle.check-backs.retry-every}") Duration retryEvery) {
        this.rocketMq = rocketMq;
        this.registerWithin = registerWithin;
        this.retryEvery = retryEvery;
    }

    @Override
    public void run(ApplicationArguments args) throws InterruptedException {
        long deadline = System.nanoTime() + registerWithin.toNanos();
        while (!tryRegister()) {
            if (System.nanoTime() - deadline >= 0) {
                log.warn("Not ready: the broker does not list this instance's producer of group {} yet ({}); trying every {}",
                        group(), notYet, retryEvery);
                return;
            }
            Thread.sleep(retryEvery.toMillis());
        }
    }

    /** From the start on, until registered: after a start that could not register in time, readiness is DOWN meanwhile. */
    @Scheduled(fixedDelayString = "${seckill.lifecycle.check-backs.retry-every}")
    void retry() {
        if (!registered) {
            tryRegister();
        }
    }

    @Override
    public Health health() {
        return registered ? Health.up().build() : Health.down().withDetail("checkBacks", notYet).build();
    }

    /** Whether every broker of the lifecycle topics lists this client as a producer of the group. */
    synchronized boolean tryRegister() {
        if (registered) {
            return true;
        }
        try {
            registered = registerNow();
            if (registered) {
                log.info("Answering the broker's check-backs for producer group {}", group());
            }
        } catch (Exception e) {
            notYet = e.toString(); // the broker or the name server cannot be reached (yet)
        }
        return registered;
    }

    private boolean registerNow() throws Exception {
        DefaultMQProducer producer = rocketMq.getProducer();
        if (!(producer instanceof TransactionMQProducer transactional) || transactional.getTransactionListener() == null) {
            notYet = "the producer has no transaction listener";
            return false;
        }
        if (producer.getDefaultMQProducerImpl().getServiceState() != ServiceState.RUNNING) {
            notYet = "the producer is " + producer.getDefaultMQProducerImpl().getServiceState();
            return false;
        }
        MQClientInstance client = producer.getDefaultMQProducerImpl().getMqClientFactory();
        // The client heartbeats the brokers it knows from routes; a fresh one knows none until its first
        // route poll, so fetch the lifecycle topics' routes now (adds their brokers) and heartbeat at once.
        Set<String> brokers = new TreeSet<>();
        for (String topic : TOPICS) {
            if (!routeExists(client, topic)) {
                // Created on first use (a dev broker): then no half message of it can be waiting anywhere.
                continue;
            }
            client.updateTopicRouteInfoFromNameServer(topic);
            TopicRouteData route = client.getTopicRouteTable().get(topic);
            if (route == null || route.getBrokerDatas() == null) {
                notYet = "no route to " + topic + " in the client";
                return false;
            }
            for (BrokerData broker : route.getBrokerDatas()) {
                String master = broker.getBrokerAddrs().get(MixAll.MASTER_ID);
                if (master != null) {
                    brokers.add(master);
                }
            }
        }
        if (brokers.isEmpty()) {
            return true;
        }
        client.sendHeartbeatToAllBrokerWithLock();
        for (String broker : brokers) {
            ProducerConnection connections = client.getMQClientAPIImpl()
                    .getProducerConnectionList(broker, group(), ASK_TIMEOUT.toMillis());
            boolean listed = connections.getConnectionSet().stream()
                    .anyMatch(connection -> client.getClientId().equals(connection.getClientId()));
            if (!listed) {
                notYet = "broker " + broker + " does not list client " + client.getClientId();
                return false;
            }
        }
        return true;
    }

    /** Whether the name server knows the topic; throws when it cannot be asked (then nothing is known). */
    private static boolean routeExists(MQClientInstance client, String topic) throws Exception {
        try {
            client.getMQClientAPIImpl().getTopicRouteInfoFromNameServer(topic, ASK_TIMEOUT.toMillis());
            return true;
        } catch (MQClientException e) {
            if (e.getResponseCode() == ResponseCode.TOPIC_NOT_EXIST) {
                return false;
            }
            throw e;
        }
    }

    private String group() {
        return rocketMq.getProducer().getProducerGroup();
    }
}
