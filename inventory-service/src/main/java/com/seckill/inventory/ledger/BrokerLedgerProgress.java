package com.seckill.inventory.ledger;

import com.seckill.inventory.recovery.LedgerProgress;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.remoting.protocol.admin.ConsumeStats;
import org.apache.rocketmq.remoting.protocol.admin.OffsetWrapper;
import org.apache.rocketmq.remoting.protocol.admin.TopicStatsTable;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Reads the stock ledger's progress from the broker: the consume stats of its consumer group
 * ({@link DefaultMQAdminExt#examineConsumeStats(String)}), one entry per queue of the placed, paid and
 * cancelled topics and of the group's retry topic, each with the broker's offset (what it holds) and the
 * group's committed offset (everything below is applied and acknowledged).
 *
 * <p>Caught up means: no lag at all ({@code computeTotalDiff() == 0}), or, during a busy sale when new
 * events keep arriving, the group's offsets have reached the broker's offsets as they were when asked.
 * Either way every event committed before the question is in the record; events committed after it
 * cannot belong to an activity whose counter is missing (nothing can be reserved there).
 *
 * <p>The group's offsets reach the broker every second (and only from 10 s after the ledger's consumer
 * started: RocketMQ's first persist), so a question asked right after a start waits or answers false.
 * Not seen here: a batch handed back for a retry waits in the broker's delay queue (about 10 s for the
 * first retry) and counts as consumed until it is redelivered into the retry topic.
 */
@Component
class BrokerLedgerProgress implements LedgerProgress, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(BrokerLedgerProgress.class);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long ADMIN_TIMEOUT_MILLIS = 3_000;

    private final StockLedgerProperties properties;
    private DefaultMQAdminExt admin;

    BrokerLedgerProgress(StockLedgerProperties properties) {
        this.properties = properties;
    }

    @Override
    public boolean caughtUp(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            Map<MessageQueue, Long> target = null;
            while (true) {
                ConsumeStats stats = consumeStats();
                // The target is the broker's offsets when first seen with every topic covered: taken a
                // moment after the question it is only stricter (offsets only grow).
                if (target == null && coversEveryTopicWithEvents(stats)) {
                    target = new HashMap<>();
                    for (Map.Entry<MessageQueue, OffsetWrapper> queue : stats.getOffsetTable().entrySet()) {
                        target.put(queue.getKey(), queue.getValue().getBrokerOffset());
                    }
                }
                if (target != null && (stats.computeTotalDiff() == 0 || reached(stats, target))) {
                    return true;
                }
                if (System.nanoTime() >= deadline) {
                    log.info("Stock ledger (group {}) still behind: {}", properties.consumerGroup(),
                            target == null ? "no offsets yet on a topic that holds events" : behind(stats));
                    return false;
                }
                LockSupport.parkNanos(POLL_NANOS);
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            // no broker, ...: whether orders are on their way cannot be told, so assume they are
            log.warn("Cannot tell whether the stock ledger (group {}) has caught up: {}", properties.consumerGroup(), e.toString());
            return false;
        }
    }

    /** The group's stats; empty while it has committed no offset at all (the broker answers CONSUMER_NOT_ONLINE). */
    private ConsumeStats consumeStats() throws Exception {
        try {
            return admin().examineConsumeStats(properties.consumerGroup());
        } catch (MQClientException e) {
            if (e.getResponseCode() == ResponseCode.CONSUMER_NOT_ONLINE) {
                return new ConsumeStats();
            }
            throw e;
        }
    }

    private static String behind(ConsumeStats stats) {
        return stats.getOffsetTable().entrySet().stream()
                .filter(queue -> queue.getValue().getBrokerOffset() > queue.getValue().getConsumerOffset())
                .map(queue -> queue.getKey().getTopic() + "#" + queue.getKey().getQueueId() + " +"
                        + (queue.getValue().getBrokerOffset() - queue.getValue().getConsumerOffset()))
                .sorted().toList().toString();
    }

    private static boolean reached(ConsumeStats now, Map<MessageQueue, Long> target) {
        for (Map.Entry<MessageQueue, Long> queue : target.entrySet()) {
            OffsetWrapper offsets = now.getOffsetTable().get(queue.getKey());
            if (offsets == null || offsets.getConsumerOffset() < queue.getValue()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The stats list only the topics the group has committed offsets for. A topic holding events the
     * group never committed an offset on (it has not started consuming it yet) would be lag nobody sees.
     */
    private boolean coversEveryTopicWithEvents(ConsumeStats stats) throws Exception {
        for (String topic : StockLedgerConsumer.TOPICS) {
            boolean covered = stats.getOffsetTable().keySet().stream().anyMatch(queue -> queue.getTopic().equals(topic));
            if (!covered && holdsEvents(topic)) {
                return false;
            }
        }
        return true;
    }

    private boolean holdsEvents(String topic) throws Exception {
        TopicStatsTable table;
        try {
            table = admin().examineTopicStats(topic);
        } catch (MQClientException e) {
            if (e.getResponseCode() == ResponseCode.TOPIC_NOT_EXIST) {
                return false;
            }
            throw e;
        }
        return table.getOffsetTable().values().stream().anyMatch(offsets -> offsets.getMaxOffset() > offsets.getMinOffset());
    }

    private synchronized DefaultMQAdminExt admin() throws MQClientException {
        if (admin == null) {
            DefaultMQAdminExt started = new DefaultMQAdminExt(ADMIN_TIMEOUT_MILLIS);
            started.setNamesrvAddr(properties.nameServer());
            // its own client instance: the default one would be shared with the ledger's consumer
            started.setInstanceName("inventory-ledger-progress-" + ProcessHandle.current().pid() + "-" + System.identityHashCode(this));
            started.start();
            admin = started;
        }
        return admin;
    }

    @Override
    public synchronized void destroy() {
        if (admin != null) {
            admin.shutdown();
            admin = null;
        }
    }
}
