package com.seckill.orderconsumer.drain;

import com.seckill.events.order.OrderPlacedEvent;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * How this instance drains the order topic, from {@code seckill.drain.*}; application.yml says why
 * each setting exists and which environment variable overrides it.
 *
 * @param topic                blank means {@link OrderPlacedEvent#TOPIC}
 * @param maxOrdersPerSecond   write cap of this instance; 0 means none
 * @param maxRetries           redeliveries of a failing message before it is dead-lettered
 */
@ConfigurationProperties("seckill.drain")
record DrainProperties(
        String nameServer,
        String topic,
        String consumerGroup,
        int threads,
        int batchSize,
        int maxOrdersPerSecond,
        int maxRetries,
        Duration shutdownWait) {

    /** RocketMQ refuses larger consume and pull batches. */
    private static final int MAX_BATCH_SIZE = 1024;

    DrainProperties {
        require(nameServer != null && !nameServer.isBlank(), "seckill.drain.name-server is required");
        require(consumerGroup != null && !consumerGroup.isBlank(), "seckill.drain.consumer-group is required");
        require(threads >= 1, "seckill.drain.threads must be at least 1, was " + threads);
        require(batchSize >= 1 && batchSize <= MAX_BATCH_SIZE,
                "seckill.drain.batch-size must be 1.." + MAX_BATCH_SIZE + ", was " + batchSize);
        require(maxOrdersPerSecond >= 0, "seckill.drain.max-orders-per-second must be 0 (no cap) or more, was " + maxOrdersPerSecond);
        require(maxRetries >= 0, "seckill.drain.max-retries must be 0 or more, was " + maxRetries);
        require(shutdownWait != null && !shutdownWait.isNegative(), "seckill.drain.shutdown-wait must be 0 or more");
        nameServer = nameServer.trim();
        consumerGroup = consumerGroup.trim();
        topic = topic == null || topic.isBlank() ? OrderPlacedEvent.TOPIC : topic.trim();
    }

    boolean capped() {
        return maxOrdersPerSecond > 0;
    }

    /**
     * A batch is written at once, so under a cap it may hold at most one second's worth of orders;
     * otherwise a single insert would already break the cap.
     */
    int effectiveBatchSize() {
        return capped() ? Math.min(batchSize, maxOrdersPerSecond) : batchSize;
    }

    /** Where RocketMQ puts this group's messages that can never be written. */
    String deadLetterTopic() {
        return "%DLQ%" + consumerGroup;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
