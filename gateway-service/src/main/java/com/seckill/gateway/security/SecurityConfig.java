package com.seckill.gateway.security;

import com.seckill.common.error.ErrorCode;
import com.seckill.gateway.error.ProblemResponses;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The gateway is an OAuth2 resource server: it checks every token's signature, expiry and issuer
 * before a request reaches a service (a token already verified is remembered until its expiry,
 * {@link VerifiedTokenCache}). Public: catalog reads and /api/auth. ADMIN: /api/admin.
 * Every other API call needs a valid token. Stateless: no session, no saved request, no CSRF
 * (bearer tokens are not sent by browsers on their own).
 */
@Configuration
@EnableWebFluxSecurity
class SecurityConfig {

    @Bean
    SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, ProblemResponses problems) {
        ServerAuthenticationEntryPoint unauthorized = (exchange, denied) -> {
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            return problems.write(exchange, ErrorCode.UNAUTHORIZED, "A valid bearer token is required");
        };
        ServerAccessDeniedHandler forbidden = (exchange, denied) ->
                problems.write(exchange, ErrorCode.FORBIDDEN, "Your role does not allow this");
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .authorizeExchange(exchange -> exchange
                        .pathMatchers(HttpMethod.GET, "/api/products", "/api/products/*", "/api/activities", "/api/activities/*").permitAll()
                        .pathMatchers("/api/auth/**").permitAll()
                        .pathMatchers("/api/admin/**").hasRole("ADMIN")
                        .pathMatchers("/api/**").authenticated()
                        // Nothing else is routed: let it reach the router and answer 404.
                        .anyExchange().permitAll())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(rolesFromClaim()))
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden))
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden))
                .build();
    }

    /**
     * No Micrometer observation around each security filter: nine filters each opening and closing an
     * observation in the Reactor context cost more CPU than the token check itself (bench profile,
     * docs/benchmarks.md). Every request is still timed once, as http.server.requests.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    ReactiveJwtDecoder jwtDecoder(JwtProperties properties, JwtCacheProperties cache, MeterRegistry meters) {
        NimbusReactiveJwtDecoder decoder = properties.usesJwkSet()
                ? NimbusReactiveJwtDecoder.withJwkSetUri(properties.jwkSetUri()).build()
                : NimbusReactiveJwtDecoder
                        .withSecretKey(new SecretKeySpec(properties.secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
                        .macAlgorithm(MacAlgorithm.HS256)
                        .build();
        // Default validators check exp/nbf (with a small clock skew); add the issuer.
        decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(properties.issuer()));
        // The default claim converter reads iss as a URL; "seckill" is none, so each new token threw (and
        // caught) an exception with its stack trace on an event loop: seen in a jstack of a 2,000-buyer
        // burst, where every buyer's token is new. The issuer check compares strings anyway.
        decoder.setClaimSetConverter(MappedJwtClaimSetConverter.withDefaults(
                Map.<String, Converter<Object, ?>>of(JwtClaimNames.ISS, String::valueOf)));
        return cache.enabled() ? new VerifiedTokenCache(decoder, cache.maxSize(), meters) : decoder;
    }

    private static ReactiveJwtAuthenticationConverterAdapter rolesFromClaim() {
        JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
        roles.setAuthoritiesClaimName("roles");
        roles.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(roles);
        return new ReactiveJwtAuthenticationConverterAdapter(converter);
    }
}
