package com.seckill.product.account;

import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.stereotype.Component;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;

/** Issues the access tokens of the contract: sub = user id, roles, iss, iat, exp; HS256. */
@Component
class TokenIssuer {

    private final NimbusJwtEncoder encoder;
    private final JwtProperties properties;
    private final Clock clock;

    TokenIssuer(JwtProperties properties, Clock clock) {
        byte[] key = properties.secret().getBytes(StandardCharsets.UTF_8);
        this.encoder = NimbusJwtEncoder.withSecretKey(new SecretKeySpec(key, "HmacSHA256"))
                .algorithm(MacAlgorithm.HS256).build();
        this.properties = properties;
        this.clock = clock;
    }

    AccessToken issue(Account account) {
        Instant now = clock.instant();
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(properties.issuer())
                .subject(Long.toString(account.id()))
                .issuedAt(now)
                .expiresAt(now.plus(properties.ttl()))
                .claim("roles", account.roles().stream().map(Role::name).sorted().toList())
                .build();
        JwsHeader header = JwsHeader.with(MacAlgorithm.HS256).build();
        String token = encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
        return new AccessToken(token, "Bearer", properties.ttl().toSeconds());
    }
}
