package com.seckill.loadtest;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

/**
 * Mints access tokens for synthetic shoppers with the suite's secret, as the contract allows a load
 * tool to: a valid token is enough to shop, so a burst of thousands of buyers needs no sign-ups.
 */
final class ShopperTokens {

    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();
    private static final String HEADER = encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
    // Long enough to outlive any run, short enough that a leaked token soon stops working.
    private static final Duration LIFETIME = Duration.ofHours(1);

    private final byte[] secret;
    private final Clock clock;

    ShopperTokens(String secret, Clock clock) {
        // The gateway rejects shorter HS256 keys; failing here explains why every request would get 401.
        if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new IllegalArgumentException("SECKILL_JWT_SECRET must be set to at least 32 bytes");
        }
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    String mint(String userId) {
        return mint(userId, "USER");
    }

    /** The bench sets its sales up through the admin API, as an operator would, with an ADMIN token. */
    String mintAdmin(String userId) {
        return mint(userId, "ADMIN");
    }

    private String mint(String userId, String role) {
        long now = clock.instant().getEpochSecond();
        String claims = encode("{\"sub\":\"%s\",\"roles\":[\"%s\"],\"iss\":\"seckill\",\"iat\":%d,\"exp\":%d}"
                .formatted(userId, role, now, now + LIFETIME.toSeconds()));
        String signingInput = HEADER + "." + claims;
        return signingInput + "." + BASE64.encodeToString(hmacSha256(signingInput));
    }

    private byte[] hmacSha256(String signingInput) {
        try {
            // Mac instances are not thread-safe and buyers mint concurrently, so each call gets its own.
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(signingInput.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    private static String encode(String json) {
        return BASE64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
