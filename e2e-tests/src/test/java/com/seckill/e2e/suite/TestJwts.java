package com.seckill.e2e.suite;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Mints access tokens for synthetic shoppers with the suite's secret, as the contract allows a load
 * tool to: a valid token is enough to shop, no account row is needed. Same claims as product-service.
 */
final class TestJwts {

    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

    private TestJwts() {
    }

    static String shopper(String secret, String userId) {
        long now = Instant.now().getEpochSecond();
        String header = encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        String claims = encode("{\"sub\":\"%s\",\"roles\":[\"USER\"],\"iss\":\"seckill\",\"iat\":%d,\"exp\":%d}"
                .formatted(userId, now, now + 3_600));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] signature = mac.doFinal((header + "." + claims).getBytes(StandardCharsets.UTF_8));
            return header + "." + claims + "." + BASE64.encodeToString(signature);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String json) {
        return BASE64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
