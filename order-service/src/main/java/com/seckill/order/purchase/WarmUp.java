package com.seckill.order.purchase;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Walks the order path once at start-up, so a sale's first buyers do not pay for cold paths: the
 * producer's route to the order topic (fetched from the name server on first send), the HTTP
 * connection to inventory-service and its request handling. Found by the end-to-end burst: on a busy
 * 2-core box the very first order took over the gateway's 3 s limit. Changes nothing: an empty batch.
 * No route to the order topic closes the broker gate: orders are refused before anything is reserved
 * until the broker can be reached.
 */
@Component
class WarmUp {

    private static final Logger log = LoggerFactory.getLogger(WarmUp.class);

    private final OrderPublisher publisher;
    private final BrokerGate broker;
    private final InventoryClient inventory;

    WarmUp(OrderPublisher publisher, BrokerGate broker, InventoryClient inventory) {
        this.publisher = publisher;
        this.broker = broker;
        this.inventory = inventory;
    }

    @EventListener(ApplicationReadyEvent.class)
    void warmUp() {
        try {
            publisher.checkRoute();
        } catch (Exception e) {
            broker.closed(e);
            return;
        }
        try {
            inventory.reserve(InventoryClient.Batch.confirming(List.of()));
            log.info("Order path warmed up (broker route, inventory-service)");
        } catch (Exception e) {
            log.info("Order path not warmed up ({}); the first order will", GroupCommit.causeOf(e));
        }
    }
}
