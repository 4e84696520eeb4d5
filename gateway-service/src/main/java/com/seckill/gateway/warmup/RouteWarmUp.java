package com.seckill.gateway.warmup;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.seckill.common.warmup.SelfCalls;
import com.seckill.common.warmup.WarmUpProperties;
import com.seckill.gateway.security.JwtProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Before the gateway reports ready, sends requests through its own routes as a shopper would: catalog
 * reads to product-service, and purchase-token requests on the order route (JWT check, the per-user
 * limiter in Redis, the deadline, the circuit breaker, the proxy to order-service) for sale 0, which
 * does not exist, so nothing is bought. A route whose service is not up yet is left after its first 5xx
 * and warms on its first real calls instead.
 */
@Component
class RouteWarmUp implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(RouteWarmUp.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10); // a backstop: the routes' own time limits answer first

    private final WarmUpProperties properties;
    private final JwtProperties jwt;
    private final Environment environment;
    private final ReactiveResilience4JCircuitBreakerFactory breakers;

    RouteWarmUp(WarmUpProperties properties, JwtProperties jwt, Environment environment,
                ReactiveResilience4JCircuitBreakerFactory breakers) {
        this.properties = properties;
        this.jwt = jwt;
        this.environment = environment;
        this.breakers = breakers;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!properties.enabled()) {
            return;
        }
        try {
            warmRoutes();
        } finally {
            breakers.getCircuitBreakerRegistry().getAllCircuitBreakers().forEach(CircuitBreaker::reset);
        }
    }

    private void warmRoutes() {
        URI self = URI.create("http://127.0.0.1:" + environment.getRequiredProperty("local.server.port"));
        // Fewer catalog reads than the per-IP burst: a client on this host must not find its budget spent.
        log.info("Warmed up {}", SelfCalls.run("catalog route", Math.min(properties.calls(), 100), properties.concurrency(),
                i -> HttpRequest.newBuilder(self.resolve("/api/activities")).timeout(CALL_TIMEOUT).build()));
        if (jwt.usesJwkSet()) {
            log.info("Order route not warmed up: tokens come from an external issuer, so the gateway cannot mint one");
            return;
        }
        log.info("Warmed up {}", SelfCalls.run("order route", properties.calls(), properties.concurrency(),
                i -> HttpRequest.newBuilder(self.resolve("/api/activities/0/token")).timeout(CALL_TIMEOUT)
                        .header("Authorization", "Bearer " + token("warm-up-" + i))
                        .POST(HttpRequest.BodyPublishers.noBody()).build()));
    }

    /** A shopper's token for a user that exists nowhere; each call its own user, so no limiter bucket runs dry. */
    private String token(String userId) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(userId).claim("roles", List.of("USER"))
                .issuer(jwt.issuer()).issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(1))))
                .build();
        try {
            SignedJWT signed = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            signed.sign(new MACSigner(jwt.secret().getBytes(StandardCharsets.UTF_8)));
            return signed.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
