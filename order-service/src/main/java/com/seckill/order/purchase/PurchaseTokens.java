package com.seckill.order.purchase;

import org.springframework.stereotype.Component;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;

/**
 * The per-user, per-activity purchase token (the seed's "hidden seckill URL"): only issued while the
 * sale is on, so a bot cannot fire orders before the start, and useless to any other user or sale.
 * It is an HMAC over (activity, user, expiry): any instance can check it without a lookup, which
 * matters when every order of a burst carries one.
 */
@Component
class PurchaseTokens {

    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;

    PurchaseTokens(PurchaseProperties properties) {
        this.key = new SecretKeySpec(properties.tokenSecret().getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    /** {@code <expiry epoch seconds>.<base64url HMAC of "activity:user:expiry">} */
    String issue(long activityId, String userId, Instant expiresAt) {
        long expiry = expiresAt.getEpochSecond();
        return expiry + "." + ENCODER.encodeToString(sign(activityId, userId, expiry));
    }

    boolean isValid(String token, long activityId, String userId, Instant now) {
        if (token == null) {
            return false;
        }
        int dot = token.indexOf('.');
        if (dot < 1) {
            return false;
        }
        try {
            long expiry = Long.parseLong(token, 0, dot, 10);
            byte[] given = DECODER.decode(token.substring(dot + 1));
            // Constant time: a forger learns nothing from how long the comparison took.
            return now.getEpochSecond() < expiry && MessageDigest.isEqual(given, sign(activityId, userId, expiry));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private byte[] sign(long activityId, String userId, long expiry) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal((activityId + ":" + userId + ":" + expiry).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
