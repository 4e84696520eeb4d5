package com.seckill.order.purchase;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Whether orders may be reserved now: not while the broker cannot take their messages. The gate closes
 * when a send fails, when the start-up cannot reach the name server, or when the route probe fails twice
 * in a row; closed, orders are refused with 503 before anything is reserved, until a probe finds the
 * route to the order topic again. The orders of a batch whose send failed stay in the outbox and are
 * published once the broker is back.
 *
 * <p>The probe also runs while the gate is open, so that an outage is noticed within seconds even when
 * no batch is in flight: otherwise the first orders after it would each be reserved, then wait out the
 * send time-out, and their buyers would hear 503 for orders that are in fact placed (a retry finds
 * them, but a prompt "not now" that reserved nothing is the better answer). Twice in a row, because one
 * slow answer of a busy name server is not an outage.
 */
@Component
class BrokerGate {

    private static final Logger log = LoggerFactory.getLogger(BrokerGate.class);
    static final int FAILED_PROBES_TO_CLOSE = 2;

    private final OrderPublisher publisher;
    private volatile boolean open = true;
    private int failedProbes;

    BrokerGate(OrderPublisher publisher, MeterRegistry meters) {
        this.publisher = publisher;
        Gauge.builder("seckill.orders.broker.gate.open", this, gate -> gate.open ? 1 : 0)
                .description("1 while order messages can be sent and orders are taken, 0 while they are refused")
                .register(meters);
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
        try {
            publisher.checkRoute();
            failedProbes = 0;
            if (!open) {
                open = true;
                log.info("The broker has a route to the order topic again; taking orders");
            }
        } catch (Exception e) {
            failedProbes++;
            if (open && failedProbes >= FAILED_PROBES_TO_CLOSE) {
                closed(e);
            } else {
                log.debug("Broker route probe failed ({} in a row): {}", failedProbes, e.toString());
            }
        }
    }
}
