package com.seckill.order.purchase;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Settles reservations whose order message was never confirmed as sent: their publisher died between
 * reserving and confirming (kill -9, a crash, a lost machine), or the broker failed it. Any instance does
 * it, every {@code sweep-every}, for entries older than {@code orphan-after}, longer than any batch takes:
 * it sends each kept message again and has the group commit confirm it with its sent orders. Whether the first send reached the broker cannot be
 * known, and need not be: the order consumer and the stock ledger take an order once however often it
 * comes. Releasing instead would be wrong: the buyer may have been answered 202 just before the crash.
 */
@Component
class OrphanedOrders {

    private static final Logger log = LoggerFactory.getLogger(OrphanedOrders.class);
    private static final int PER_SWEEP = 500;

    private final InventoryClient inventory;
    private final OrderPublisher publisher;
    private final BrokerGate broker;
    private final GroupCommit groupCommit;
    private final GroupCommitProperties properties;
    private final MeterRegistry meters;

    OrphanedOrders(InventoryClient inventory, OrderPublisher publisher, BrokerGate broker, GroupCommit groupCommit,
                   GroupCommitProperties properties, MeterRegistry meters) {
        this.inventory = inventory;
        this.publisher = publisher;
        this.broker = broker;
        this.groupCommit = groupCommit;
        this.properties = properties;
        this.meters = meters;
    }

    @Scheduled(fixedDelayString = "${seckill.purchase.group-commit.sweep-every}",
            initialDelayString = "${seckill.purchase.group-commit.sweep-every}")
    void sweep() {
        if (!broker.isOpen()) {
            return;
        }
        List<InventoryClient.Unpublished> orphans;
        try {
            orphans = inventory.unpublished(properties.orphanAfter().toMillis(), PER_SWEEP);
        } catch (RuntimeException e) {
            log.debug("Cannot read the outbox now: {}", GroupCommit.causeOf(e));
            return;
        }
        if (orphans.isEmpty()) {
            return;
        }
        List<OrderPublisher.OutboxMessage> messages = orphans.stream()
                .map(o -> new OrderPublisher.OutboxMessage(o.activityId(), o.orderId(), o.message())).toList();
        try {
            publisher.publish(messages);
        } catch (Exception e) {
            broker.closed(e);
            return;
        }
        groupCommit.confirmLater(orphans.stream().map(o -> new InventoryClient.OrderRef(o.activityId(), o.orderId())).toList());
        meters.counter("seckill.orders.orphans.published").increment(orphans.size());
        log.warn("Published {} orders whose reservation had no confirmed message for over {} (their publisher died or the "
                        + "broker failed them): {}", orphans.size(), properties.orphanAfter(),
                orphans.stream().map(InventoryClient.Unpublished::orderId).toList());
    }
}
