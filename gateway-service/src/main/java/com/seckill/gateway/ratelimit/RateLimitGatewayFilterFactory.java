package com.seckill.gateway.ratelimit;

import com.seckill.common.error.ErrorCode;
import com.seckill.gateway.error.ProblemResponses;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.cloud.gateway.support.ipresolver.RemoteAddressResolver;
import org.springframework.cloud.gateway.support.ipresolver.XForwardedRemoteAddressResolver;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.net.InetSocketAddress;
import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Spring Cloud Gateway's Redis token-bucket limiter (the engine of RequestRateLimiter), keyed by
 * user or by client IP, answering a refusal as 429 problem+json with Retry-After instead of the
 * stock filter's empty body. A key Redis has just refused is refused from memory until its bucket can
 * hold a token again ({@link LocalFirstRateLimiter}), with the same answer.
 * Route use: {@code RateLimit=USER, 5, 10} (key, tokens per second, burst).
 */
@Component
public class RateLimitGatewayFilterFactory extends AbstractGatewayFilterFactory<RateLimitGatewayFilterFactory.Config> {

    public enum Key { USER, IP }

    private static final RateLimiter.Response UNCHECKED = new RateLimiter.Response(true, Map.of());
    /** What RedisRateLimiter reports as tokens left when its script failed and it let the request through. */
    private static final String UNANSWERED = "-1";

    private final RedisRateLimiter limiter;
    private final LocalFirstRateLimiter decisions;
    private final ProblemResponses problems;
    private final RemoteAddressResolver clientAddress;
    private final Duration redisTimeout;
    private final Counter unchecked;

    RateLimitGatewayFilterFactory(RedisRateLimiter limiter, LocalFirstRateLimiter decisions, ProblemResponses problems,
                                  RateLimitProperties properties, MeterRegistry meters) {
        super(Config.class);
        this.unchecked = Counter.builder("seckill.gateway.rate-limit.unchecked")
                .description("Requests let through without a rate-limit decision: Redis did not answer in time")
                .register(meters);
        this.limiter = limiter;
        this.decisions = decisions;
        this.problems = problems;
        this.redisTimeout = properties.redisTimeout();
        // Behind N trusted proxies the client is the Nth address from the right of X-Forwarded-For;
        // with none, the TCP peer, so a client cannot pick its own bucket with a forged header.
        this.clientAddress = properties.trustedProxies() > 0
                ? XForwardedRemoteAddressResolver.maxTrustedIndex(properties.trustedProxies())
                : new RemoteAddressResolver() { };
    }

    @Override
    public List<String> shortcutFieldOrder() {
        return List.of("key", "replenishRate", "burstCapacity");
    }

    @Override
    public GatewayFilter apply(Config config) {
        String limitId = "rate-limit:" + config.getKey() + ":" + config.getReplenishRate() + ":" + config.getBurstCapacity();
        limiter.getConfig().put(limitId, new RedisRateLimiter.Config()
                .setReplenishRate(config.getReplenishRate())
                .setBurstCapacity(config.getBurstCapacity())
                .setRequestedTokens(1));
        return (exchange, chain) -> bucketOf(exchange, config.getKey())
                .flatMap(bucket -> decisions.isAllowed(limitId, bucket)
                        // Availability over limiting: a slow or absent Redis lets the request through.
                        .timeout(redisTimeout, Mono.just(UNCHECKED)))
                .flatMap(decision -> {
                    if (decision == UNCHECKED || UNANSWERED.equals(decision.getHeaders().get(limiter.getRemainingHeader()))) {
                        unchecked.increment();
                    }
                    decision.getHeaders().forEach(exchange.getResponse().getHeaders()::set);
                    return decision.isAllowed()
                            ? chain.filter(exchange)
                            : problems.write(exchange, ErrorCode.RATE_LIMITED, "Too many requests; retry after the time in Retry-After");
                });
    }

    /** One bucket per route and caller, so one route's traffic never spends another route's tokens. */
    private Mono<String> bucketOf(ServerWebExchange exchange, Key key) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        String scope = (route == null ? "unrouted" : route.getId()) + ":";
        Mono<String> byIp = Mono.fromSupplier(() -> scope + "ip:" + hostOf(clientAddress.resolve(exchange)));
        if (key == Key.IP) {
            return byIp;
        }
        return exchange.getPrincipal().map(Principal::getName).map(user -> scope + "user:" + user).switchIfEmpty(byIp);
    }

    private static String hostOf(InetSocketAddress address) {
        return address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
    }

    public static class Config {
        private Key key = Key.IP;
        private int replenishRate = 10;
        private int burstCapacity = 20;

        public Key getKey() {
            return key;
        }

        public void setKey(Key key) {
            this.key = key;
        }

        public int getReplenishRate() {
            return replenishRate;
        }

        public void setReplenishRate(int replenishRate) {
            this.replenishRate = replenishRate;
        }

        public int getBurstCapacity() {
            return burstCapacity;
        }

        public void setBurstCapacity(int burstCapacity) {
            this.burstCapacity = burstCapacity;
        }
    }
}
