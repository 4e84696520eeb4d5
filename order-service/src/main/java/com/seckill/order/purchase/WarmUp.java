package com.seckill.order.purchase;

import com.seckill.common.warmup.SelfCalls;
import com.seckill.common.warmup.WarmUpProperties;
import com.seckill.common.web.Caller;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JCircuitBreakerFactory;
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
 * The circuit breakers are reset afterwards: what a cold start met (a first call past its time limit)
 * must not count towards opening inventory's circuit for the first buyers.
 */
@Component
class WarmUp implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(WarmUp.class);

    private final OrderPublisher publisher;
    private final BrokerGate broker;
    private final InventoryClient inventory;
    private final WarmUpProperties properties;
    private final Environment environment;
    private final Resilience4JCircuitBreakerFactory breakers;

    WarmUp(OrderPublisher publisher, BrokerGate broker, InventoryClient inventory, WarmUpProperties properties,
           Environment environment, Resilience4JCircuitBreakerFactory breakers) {
        this.publisher = publisher;
        this.broker = broker;
        this.inventory = inventory;
        this.properties = properties;
        this.environment = environment;
        this.breakers = breakers;
    }

    @Override
    public void run(ApplicationArguments args) {
        try {
            warmOrderPath();
        } finally {
            breakers.getCircuitBreakerRegistry().getAllCircuitBreakers().forEach(CircuitBreaker::reset);
        }
    }

    private void warmOrderPath() {
        try {
            publisher.checkRoute();
        } catch (Exception e) {
            broker.closed(e);
            return;
        }
        // A cold call may pass the time limit on a busy box; a missing inventory-service fails every time.
        SelfCalls.Result batches = SelfCalls.repeat("empty batches to inventory-service", Math.max(1, properties.calls()), 1, i -> {
            inventory.reserve(InventoryClient.Batch.confirming(List.of()));
            return 200;
        });
        if (batches.stoppedBy() != null) {
            log.info("Order path not warmed up ({}); the first orders will", batches);
            return;
        }
        if (!properties.enabled()) {
            return;
        }
        URI self = URI.create("http://127.0.0.1:" + environment.getRequiredProperty("local.server.port"));
        SelfCalls.Result tokens = SelfCalls.run("purchase tokens", properties.calls(), properties.concurrency(),
                i -> HttpRequest.newBuilder(self.resolve("/api/activities/0/token")).timeout(Duration.ofSeconds(10))
                        .header(Caller.USER_ID_HEADER, "warm-up-" + i).header(Caller.ROLES_HEADER, "USER")
                        .POST(HttpRequest.BodyPublishers.noBody()).build());
        log.info("Order path warmed up: broker route, {}, {}", batches, tokens);
    }
}
