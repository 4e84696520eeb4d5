package com.seckill.order.purchase;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Whether orders may be reserved now: not while the broker cannot take their messages. Once a send
 * fails (or the start-up could not reach the name server) the gate closes and orders are refused with
 * 503 before anything is reserved, until a probe finds the route to the order topic again. The orders
 * of the batch whose send failed stay in the outbox and are published once the broker is back.
 */
@Component
class BrokerGate {

    private static final Logger log = LoggerFactory.getLogger(BrokerGate.class);

    private final OrderPublisher publisher;
    private volatile boolean open = true;

    BrokerGate(OrderPublisher publisher) {
        this.publisher = publisher;
    }

    boolean isOpen() {
        return open;
    }

    void closed(Exception cause) {
        if (open) {
            open = false;
            log.warn("The broker did not take order messages ({}); refusing orders until it does", GroupCommit.causeOf(cause));
        }
    }

    @Scheduled(fixedDelayString = "${seckill.purchase.broker-probe-interval:PT1S}")
    void probe() {
        if (open) {
            return;
        }
        try {
            publisher.checkRoute();
            open = true;
            log.info("The broker has a route to the order topic again; taking orders");
        } catch (Exception e) {
            log.debug("Broker still unreachable: {}", e.toString());
        }
    }
}
