package com.seckill.orderconsumer.drain;

import com.seckill.events.order.OrderPlacedEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DrainPropertiesTest {

    @Test
    void aBlankTopicIsTheOneOrderServicePublishesTo() {
        assertThat(settings(" ", 100, 5000).topic()).isEqualTo(OrderPlacedEvent.TOPIC);
    }

    @Test
    void underACapABatchHoldsAtMostOneSecondOfOrders() {
        assertThat(settings("", 100, 50).effectiveBatchSize()).isEqualTo(50);
        assertThat(settings("", 100, 5000).effectiveBatchSize()).isEqualTo(100);
        assertThat(settings("", 100, 0).effectiveBatchSize()).as("no cap").isEqualTo(100);
    }

    @Test
    void impossibleSettingsStopTheStart() {
        assertThatThrownBy(() -> settings("", 0, 100)).hasMessageContaining("batch-size");
        assertThatThrownBy(() -> settings("", 100, -1)).hasMessageContaining("max-orders-per-second");
        assertThatThrownBy(() -> new DrainProperties("ns", "", "g", 0, 100, 100, 16, Duration.ZERO))
                .hasMessageContaining("threads");
        assertThatThrownBy(() -> new DrainProperties("ns", "", "g", 4, 100, 100, -1, Duration.ZERO))
                .hasMessageContaining("max-retries");
    }

    private static DrainProperties settings(String topic, int batchSize, int maxOrdersPerSecond) {
        return new DrainProperties("127.0.0.1:9876", topic, "order-consumer-service", 4, batchSize, maxOrdersPerSecond, 16,
                Duration.ofSeconds(10));
    }
}
