package com.seckill.product.account;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * How this service signs access tokens. The secret's UTF-8 bytes are the HS256 key shared with the
 * gateway (and with a load tool that mints tokens); the service refuses to start without one.
 */
@Validated
@ConfigurationProperties("seckill.jwt")
record JwtProperties(
        @NotBlank(message = "set SECKILL_JWT_SECRET (at least 32 bytes)")
        @Size(min = 32, message = "SECKILL_JWT_SECRET must be at least 32 bytes")
        String secret,
        @NotBlank String issuer,
        @NotNull Duration ttl) {
}
