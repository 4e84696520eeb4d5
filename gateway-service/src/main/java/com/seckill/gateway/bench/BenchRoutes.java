package com.seckill.gateway.bench;

import com.seckill.gateway.ratelimit.RateLimitGatewayFilterFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.SpringCloudCircuitBreakerFilterFactory;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpMethod;

/**
 * The benchmark's routes, only with the {@code bench} profile: never in the product's gateway. They go
 * to baseline-sync (bench/baseline-sync), the rival design, and to its trivial ping. This RouteLocator
 * is combined with the routes of application.yml (Spring Cloud Gateway's composite route locator).
 * <ul>
 *   <li>{@code bench-plain}: {@code GET /bench/plain} → {@code /bench/ping}, no filter of its own: the
 *       gateway's plain proxying ceiling (outside /api, so the security chain lets it through);</li>
 *   <li>{@code bench-filtered}: {@code GET /api/bench/ping} → {@code /bench/ping}, with the JWT check
 *       (SecurityConfig, /api/**) and the order route's per-user rate limiter: the ceiling of the
 *       gateway with its own filters on;</li>
 *   <li>{@code baseline}: {@code /api/baseline/**}, the same edge as the order route (JWT, per-user
 *       rate limiter, a circuit breaker and time limiter of its own).</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@Profile("bench")
class BenchRoutes {

    static final String BASELINE_SYNC = "lb://baseline-sync";
    static final String PING = "/bench/ping";

    // The positions the route's filters would have in application.yml: rate limiter, then breaker.
    private static final int RATE_LIMIT_ORDER = 1;
    private static final int CIRCUIT_BREAKER_ORDER = 2;

    @Bean
    RouteLocator benchRouteLocator(RouteLocatorBuilder routes, RateLimitGatewayFilterFactory rateLimit,
                             SpringCloudCircuitBreakerFilterFactory circuitBreaker,
                             // The order route's limits, from the same settings as in application.yml.
                             @Value("${SECKILL_RATE_LIMIT_USER_PER_SECOND:5}") int userPerSecond,
                             @Value("${SECKILL_RATE_LIMIT_USER_BURST:10}") int userBurst) {
        return routes.routes()
                .route("bench-plain", route -> route.method(HttpMethod.GET).and().path("/bench/plain")
                        .filters(filters -> filters.setPath(PING))
                        .uri(BASELINE_SYNC))
                .route("bench-filtered", route -> route.method(HttpMethod.GET).and().path("/api/bench/ping")
                        .filters(filters -> filters.setPath(PING)
                                .filter(perUser(rateLimit, userPerSecond, userBurst), RATE_LIMIT_ORDER))
                        .uri(BASELINE_SYNC))
                .route("baseline", route -> route.path("/api/baseline/**")
                        .filters(filters -> filters
                                .filter(perUser(rateLimit, userPerSecond, userBurst), RATE_LIMIT_ORDER)
                                .filter(circuitBreaker.apply("baseline", config -> config.setName("baseline-sync")), CIRCUIT_BREAKER_ORDER))
                        .uri(BASELINE_SYNC))
                .build();
    }

    private static GatewayFilter perUser(RateLimitGatewayFilterFactory rateLimit, int perSecond, int burst) {
        RateLimitGatewayFilterFactory.Config config = new RateLimitGatewayFilterFactory.Config();
        config.setKey(RateLimitGatewayFilterFactory.Key.USER);
        config.setReplenishRate(perSecond);
        config.setBurstCapacity(burst);
        return rateLimit.apply(config);
    }
}
