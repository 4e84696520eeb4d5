package com.seckill.orderconsumer.drain;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import java.util.EnumMap;
import java.util.Map;

/** What the drain reports to Prometheus; every meter exists from the start, so alerts see a 0. */
@Component
class DrainMetrics {

    /** Why a message went to the dead-letter topic; the {@code reason} tag. */
    enum DeadLetterReason {
        UNREADABLE("unreadable"),
        INVALID("invalid"),
        /** an order under an id MySQL holds for a different order */
        ID_CONFLICT("id-conflict"),
        RETRIES_EXHAUSTED("retries-exhausted");

        final String tag;

        DeadLetterReason(String tag) {
            this.tag = tag;
        }
    }

    final Counter written;
    final Counter duplicateDeliveries;
    final DistributionSummary batchSize;
    final Timer batchWrite;
    final Timer capWait;
    private final Map<DeadLetterReason, Counter> deadLettered = new EnumMap<>(DeadLetterReason.class);

    DrainMetrics(MeterRegistry meters) {
        written = Counter.builder("seckill.orders.written")
                .description("Orders this instance inserted into MySQL")
                .register(meters);
        duplicateDeliveries = Counter.builder("seckill.orders.duplicate.deliveries")
                .description("Orders delivered again that were already in MySQL (same order under its id, or same user, activity and sequence)")
                .register(meters);
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            deadLettered.put(reason, Counter.builder("seckill.orders.dead.lettered")
                    .description("Order messages moved to the consumer group's dead-letter topic")
                    .tag("reason", reason.tag)
                    .register(meters));
        }
        batchSize = DistributionSummary.builder("seckill.orders.batch.size")
                .description("Messages per batch handed to the drain")
                .baseUnit("messages")
                .register(meters);
        batchWrite = Timer.builder("seckill.orders.batch.write")
                .description("Time to insert and commit one batch")
                .register(meters);
        capWait = Timer.builder("seckill.orders.write.cap.wait")
                .description("Time a batch waited for the write cap; high means the cap, not MySQL, sets the pace")
                .register(meters);
    }

    void deadLettered(DeadLetterReason reason) {
        deadLettered.get(reason).increment();
    }
}
