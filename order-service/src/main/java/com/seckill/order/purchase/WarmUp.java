package com.seckill.order.purchase;

import com.seckill.common.warmup.SelfCalls;
import com.seckill.common.warmup.WarmUpProperties;
import com.seckill.common.web.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;

/**
 * Walks the order path before the instance reports ready (and turns UP in Eureka), so a sale's first
 * buyers do not pay for cold paths: the producer's route to the order topic (fetched from the name
 * server on first send), the HTTP client to inventory-service and inventory's request handling (empty
 * batches: nothing reserved), and this instance's own request handling (purchase tokens for sale 0,
 * which does not exist, so the answer is 404 and nothing is issued). Found by the end-to-end burst: on a
 * busy 2-core box the very first order took over the gateway's 3 s limit. No route to the order topic
 * closes the broker gate: orders are refused before anything is reserved until the broker can be reached.
 */
@Component
class WarmUp implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(WarmUp.class);

    private final OrderPublisher publisher;
    private final BrokerGate broker;
    private final InventoryClient inventory;
    private final WarmUpProperties properties;
    private final Environment environment;

    WarmUp(OrderPublisher publisher, BrokerGate broker, InventoryClient inventory, WarmUpProperties properties,
           Environment environment) {
        this.publisher = publisher;
        this.broker = broker;
        this.inventory = inventory;
        this.properties = properties;
        this.environment = environment;
    }

    @Override
    public void run(ApplicationArguments args) {
        try {
            publisher.checkRoute();
        } catch (Exception e) {
            broker.closed(e);
            return;
        }
        int batches = Math.max(1, properties.calls());
        for (int i = 0; i < batches; i++) {
            try {
                inventory.reserve(InventoryClient.Batch.confirming(List.of()));
            } catch (Exception e) {
                log.info("Order path not warmed up ({}); the first orders will", GroupCommit.causeOf(e));
                return;
            }
        }
        if (!properties.enabled()) {
            return;
        }
        URI self = URI.create("http://127.0.0.1:" + environment.getRequiredProperty("local.server.port"));
        SelfCalls.Result tokens = SelfCalls.run("purchase tokens", properties.calls(), properties.concurrency(),
                i -> HttpRequest.newBuilder(self.resolve("/api/activities/0/token")).timeout(Duration.ofSeconds(3))
                        .header(Caller.USER_ID_HEADER, "warm-up-" + i).header(Caller.ROLES_HEADER, "USER")
                        .POST(HttpRequest.BodyPublishers.noBody()).build());
        log.info("Order path warmed up: broker route, {} empty batches to inventory-service, {}", batches, tokens);
    }
}
