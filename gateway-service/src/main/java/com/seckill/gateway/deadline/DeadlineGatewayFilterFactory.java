package com.seckill.gateway.deadline;

import com.seckill.common.web.Deadline;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Tells the service behind a route when the gateway stops waiting for it: header {@code Seckill-Deadline}
 * ({@link Deadline}, epoch milliseconds), so that the service answers before then instead of working on
 * for a caller who already heard 503. The wait is the route's own time limit, read from the same
 * Resilience4j time limiter its circuit breaker runs (application.yml, {@code resilience4j.timelimiter}),
 * or the HTTP client's response time-out where that backstop is shorter: one setting, never a second
 * copy of it. Route use: {@code Deadline=order-service} (the breaker's name), listed just before the
 * breaker, so the deadline is taken a moment before the breaker's timer starts: never later than it
 * ends. A client-sent header of that name never reaches a service: {@code IdentityHeadersFilter}
 * removes it from every request first.
 */
@Component
public class DeadlineGatewayFilterFactory extends AbstractGatewayFilterFactory<DeadlineGatewayFilterFactory.Config> {

    private final TimeLimiterRegistry timeLimiters;
    private final HttpClientProperties httpClient;

    DeadlineGatewayFilterFactory(ReactiveResilience4JCircuitBreakerFactory circuitBreakers, HttpClientProperties httpClient) {
        super(Config.class);
        this.timeLimiters = circuitBreakers.getTimeLimiterRegistry();
        this.httpClient = httpClient;
    }

    @Override
    public List<String> shortcutFieldOrder() {
        return List.of("name");
    }

    @Override
    public GatewayFilter apply(Config config) {
        return (exchange, chain) -> {
            Deadline deadline = Deadline.after(Instant.now(), waitOf(config.getName()));
            return chain.filter(exchange.mutate()
                    .request(request -> request.headers(headers -> headers.set(Deadline.HEADER, deadline.headerValue())))
                    .build());
        };
    }

    /**
     * How long the gateway waits for a call through the named breaker: looked up the way Spring Cloud's
     * Resilience4j breaker finds its time limiter (an instance of that name, a configuration of that
     * name, the default), on every request, so a limit changed at run time is told as it is applied.
     */
    Duration waitOf(String breaker) {
        Duration limit = timeLimiters.find(breaker).map(TimeLimiter::getTimeLimiterConfig)
                .or(() -> timeLimiters.getConfiguration(breaker))
                .orElseGet(timeLimiters::getDefaultConfig)
                .getTimeoutDuration();
        Duration backstop = httpClient.getResponseTimeout();
        return backstop != null && backstop.compareTo(limit) < 0 ? backstop : limit;
    }

    public static class Config {

        /** The route's circuit breaker, whose time limiter decides how long the gateway waits. */
        private String name;

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }
    }
}
