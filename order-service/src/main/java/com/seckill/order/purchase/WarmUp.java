package com.seckill.order.purchase;

import com.seckill.common.event.OrderPlacedEvent;
import org.apache.rocketmq.spring.core.RocketMQTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Walks the order path once at start-up, so a sale's first buyers do not pay for cold paths: the
 * producer's route to the order topic (fetched from the name server on first send), the HTTP
 * connection to inventory-service and its request handling. Found by the end-to-end burst: on a busy
 * 2-core box the very first order took over the gateway's 3 s limit. Read-only: it asks for the
 * reservation of an order that cannot exist. A failure only means the first order warms the path.
 */
@Component
class WarmUp {

    private static final Logger log = LoggerFactory.getLogger(WarmUp.class);

    private final RocketMQTemplate rocketMq;
    private final InventoryClient inventory;

    WarmUp(@Qualifier("rocketMQTemplate") RocketMQTemplate rocketMq, InventoryClient inventory) {
        this.rocketMq = rocketMq;
        this.inventory = inventory;
    }

    @EventListener(ApplicationReadyEvent.class)
    void warmUp() {
        try {
            rocketMq.getProducer().fetchPublishMessageQueues(OrderPlacedEvent.TOPIC);
            inventory.state(0, 0);
            log.info("Order path warmed up (broker route, inventory-service)");
        } catch (Exception e) {
            log.info("Order path not warmed up ({}); the first order will", ReservationTransaction.causeOf(e));
        }
    }
}
