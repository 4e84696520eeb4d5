package com.seckill.gateway;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** Mints tokens the way a load tool holding the secret does: sub, roles, iss, iat, exp; HS256. */
final class TestTokens {

    static final String SECRET = "gateway-test-secret-at-least-32-bytes!!";
    static final String ISSUER = "seckill";

    private TestTokens() {
    }

    static String user(String userId) {
        return mint(userId, List.of("USER"), ISSUER, Duration.ofMinutes(5), SECRET);
    }

    static String admin(String userId) {
        return mint(userId, List.of("USER", "ADMIN"), ISSUER, Duration.ofMinutes(5), SECRET);
    }

    static String mint(String userId, List<String> roles, String issuer, Duration validFor, String secret) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(userId)
                .claim("roles", roles)
                .issuer(issuer)
                .issueTime(Date.from(now.minus(Duration.ofMinutes(10))))
                .expirationTime(Date.from(now.plus(validFor)))
                .build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
