package com.seckill.loadtest;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShopperTokensTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_700_000_000), ZoneOffset.UTC);

    @Test
    void signatureIsTheHmacOfHeaderAndClaims() throws Exception {
        String[] parts = new ShopperTokens(SECRET, CLOCK).mint("buyer-1").split("\\.");
        assertThat(parts).hasSize(3);

        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] expected = mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.UTF_8));
        assertThat(Base64.getUrlDecoder().decode(parts[2])).isEqualTo(expected);
    }

    @Test
    void claimsNameTheShopperAsAUserOfSeckill() {
        String[] parts = new ShopperTokens(SECRET, CLOCK).mint("buyer-1").split("\\.");
        assertThat(decode(parts[0])).isEqualTo("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        assertThat(decode(parts[1])).isEqualTo("{\"sub\":\"buyer-1\",\"roles\":[\"USER\"],\"iss\":\"seckill\","
                + "\"iat\":1700000000,\"exp\":1700003600}");
        assertThat(parts[2]).doesNotContain("=");
    }

    @Test
    void refusesAMissingOrShortSecret() {
        assertThatThrownBy(() -> new ShopperTokens(null, CLOCK)).hasMessageContaining("SECKILL_JWT_SECRET");
        assertThatThrownBy(() -> new ShopperTokens("short", CLOCK)).hasMessageContaining("at least 32 bytes");
    }

    private static String decode(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }
}
