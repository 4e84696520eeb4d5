package com.seckill.gateway.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cache in front of the gateway's real decoder (Nimbus, HS256, issuer check), on a clock the test moves. */
class VerifiedTokenCacheTest {

    private static final String SECRET = "cache-test-secret-at-least-32-bytes-long";
    private static final Instant START = Instant.now();

    private final MutableClock clock = new MutableClock(START);
    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicInteger verifications = new AtomicInteger();
    private final ReactiveJwtDecoder real = realDecoder();
    private final ReactiveJwtDecoder counted = token -> {
        verifications.incrementAndGet();
        return real.decode(token);
    };
    private final VerifiedTokenCache cache = new VerifiedTokenCache(counted, 100, meters, clock);

    @Test
    void theSecondUseOfATokenIsNotVerifiedAgain() {
        String token = mint("1001", Duration.ofMinutes(5), SECRET);

        Jwt first = cache.decode(token).block();
        Jwt second = cache.decode(token).block();

        assertThat(second).isSameAs(first);
        assertThat(second.getSubject()).isEqualTo("1001");
        assertThat(verifications).hasValue(1);
        assertThat(meters.counter("seckill.gateway.jwt.cache", "result", "hit").count()).isEqualTo(1);
        assertThat(meters.counter("seckill.gateway.jwt.cache", "result", "miss").count()).isEqualTo(1);
    }

    @Test
    void aCachedTokenIsNotServedAtOrPastItsExpiry() {
        String token = mint("1001", Duration.ofMinutes(5), SECRET);
        cache.decode(token).block();

        clock.set(expiryOf(token).minusMillis(1));
        assertThat(cache.decode(token).block()).as("a millisecond before exp: from the cache").isNotNull();
        assertThat(verifications).hasValue(1);

        clock.set(expiryOf(token));
        // The real decoder's 60 s clock skew would still accept it; the cache must not have kept it, so it asks.
        cache.decode(token).block();
        assertThat(verifications).as("at exp the decoder decides again").hasValue(2);
    }

    @Test
    void anExpiredTokenIsRefusedEvenAfterItWasCached() {
        String token = mint("1001", Duration.ofMinutes(5), SECRET);
        cache.decode(token).block();

        clock.set(expiryOf(token).plus(Duration.ofMinutes(2)));

        assertThatThrownBy(() -> cache.decode(token).block()).isInstanceOf(JwtException.class).hasMessageContaining("expired");
    }

    @Test
    void aTokenWithAForgedSignatureIsNeverServedFromTheCache() {
        String genuine = mint("1001", Duration.ofMinutes(5), SECRET);
        cache.decode(genuine).block();
        // Same header and payload, signed with another key: only the signature differs.
        String forged = mint("1001", Duration.ofMinutes(5), "another-secret-that-is-at-least-32-bytes");
        assertThat(forged.substring(0, forged.lastIndexOf('.'))).isEqualTo(genuine.substring(0, genuine.lastIndexOf('.')));

        assertThatThrownBy(() -> cache.decode(forged).block()).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> cache.decode(forged).block()).as("a refusal is not cached either").isInstanceOf(BadJwtException.class);
        assertThat(verifications).hasValue(3);
    }

    @Test
    void aTokenWithAnEditedPayloadIsNeverServedFromTheCache() {
        String genuine = mint("1001", Duration.ofMinutes(5), SECRET);
        cache.decode(genuine).block();
        String[] parts = genuine.split("\\.");
        String otherPayload = mint("1002", Duration.ofMinutes(5), SECRET).split("\\.")[1];
        String edited = parts[0] + "." + otherPayload + "." + parts[2];

        assertThatThrownBy(() -> cache.decode(edited).block()).isInstanceOf(BadJwtException.class);
    }

    @Test
    void theCacheHoldsNoMoreThanItsMaximum() {
        VerifiedTokenCache small = new VerifiedTokenCache(counted, 3, new SimpleMeterRegistry(), clock);

        for (int i = 0; i < 20; i++) {
            small.decode(mint("user-" + i, Duration.ofMinutes(5), SECRET)).block();
        }

        assertThat(small.size()).isLessThanOrEqualTo(3);
    }

    @Test
    void aTokenWithoutExpiryIsNotCached() {
        ReactiveJwtDecoder noExp = token -> {
            verifications.incrementAndGet();
            return Mono.just(Jwt.withTokenValue(token).header("alg", "HS256").subject("1001").build());
        };
        VerifiedTokenCache withoutExpiry = new VerifiedTokenCache(noExp, 10, new SimpleMeterRegistry(), clock);

        withoutExpiry.decode("t").block();
        withoutExpiry.decode("t").block();

        assertThat(verifications).hasValue(2);
    }

    private ReactiveJwtDecoder realDecoder() {
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder
                .withSecretKey(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
                .macAlgorithm(MacAlgorithm.HS256)
                .build();
        // The same validators as SecurityConfig, on the test's clock.
        decoder.setJwtValidator(JwtValidators.createDefaultWithValidators(List.of(timestamps())));
        return decoder;
    }

    private JwtTimestampValidator timestamps() {
        JwtTimestampValidator validator = new JwtTimestampValidator();
        validator.setClock(clock);
        return validator;
    }

    private static Instant expiryOf(String token) {
        try {
            return SignedJWT.parse(token).getJWTClaimsSet().getExpirationTime().toInstant();
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String mint(String userId, Duration validFor, String secret) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(userId)
                .claim("roles", List.of("USER"))
                .issuer("seckill")
                .issueTime(Date.from(START))
                .expirationTime(Date.from(START.plus(validFor)))
                .build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
