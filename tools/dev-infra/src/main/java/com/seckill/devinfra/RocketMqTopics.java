package com.seckill.devinfra;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.constant.PermName;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.remoting.protocol.body.ClusterInfo;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;

/**
 * Topic creation against a RocketMQ that runs elsewhere (a container, a shared broker), through the admin
 * API, for the cases where {@link EmbeddedRocketMq#createTopics} cannot reach into the broker directly.
 */
public final class RocketMqTopics {

    static final int QUEUES_PER_TOPIC = 4;
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private RocketMqTopics() {
    }

    /**
     * Creates each missing topic on every master broker the name server knows and returns once the name
     * server routes all of them.
     *
     * @throws IllegalStateException when that has not happened within {@code timeout}
     */
    public static void ensure(String namesrvAddress, Collection<String> topics, Duration timeout) {
        Objects.requireNonNull(namesrvAddress, "namesrvAddress");
        Set<String> wanted = new LinkedHashSet<>();
        topics.stream().filter(t -> t != null && !t.isBlank()).map(String::trim).forEach(wanted::add);
        if (wanted.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        DefaultMQAdminExt admin = new DefaultMQAdminExt(Math.max(3_000, Math.min(timeout.toMillis(), 10_000)));
        admin.setNamesrvAddr(namesrvAddress);
        // Own client instance: the default one would be shared with the application's producers in this JVM.
        admin.setInstanceName("seckill-topics-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        try {
            admin.start();
            List<String> masters = awaitMasters(admin, namesrvAddress, deadline);
            for (String topic : wanted) {
                if (!routable(admin, topic)) {
                    for (String master : masters) {
                        admin.createAndUpdateTopicConfig(master, new TopicConfig(topic, QUEUES_PER_TOPIC,
                            QUEUES_PER_TOPIC, PermName.PERM_READ | PermName.PERM_WRITE));
                    }
                }
            }
            for (String topic : wanted) {
                while (!routable(admin, topic)) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("name server " + namesrvAddress + " still has no route for "
                            + topic + " after " + timeout.toSeconds() + " s");
                    }
                    LockSupport.parkNanos(POLL_NANOS);
                }
            }
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topics " + wanted + " via " + namesrvAddress + ": " + e, e);
        } finally {
            admin.shutdown();
        }
    }

    private static List<String> awaitMasters(DefaultMQAdminExt admin, String namesrvAddress, long deadline)
        throws Exception {
        while (true) {
            List<String> masters = new ArrayList<>();
            ClusterInfo cluster = admin.examineBrokerClusterInfo();
            if (cluster.getBrokerAddrTable() != null) {
                for (BrokerData broker : cluster.getBrokerAddrTable().values()) {
                    String master = broker.getBrokerAddrs().get(MixAll.MASTER_ID);
                    if (master != null) {
                        masters.add(master);
                    }
                }
            }
            if (!masters.isEmpty()) {
                return masters;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no broker has registered with name server " + namesrvAddress);
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /** A topic is usable once the name server knows both its queues and a broker that holds them. */
    static boolean hasRoute(TopicRouteData route) {
        return route != null
            && route.getQueueDatas() != null && !route.getQueueDatas().isEmpty()
            && route.getBrokerDatas() != null && !route.getBrokerDatas().isEmpty();
    }

    private static boolean routable(DefaultMQAdminExt admin, String topic) throws Exception {
        try {
            return hasRoute(admin.examineTopicRouteInfo(topic));
        } catch (MQClientException e) {
            if (e.getResponseCode() == ResponseCode.TOPIC_NOT_EXIST) {
                return false;
            }
            throw e;
        }
    }
}
