package com.seckill.gateway.security;

import com.seckill.common.web.Caller;
import com.seckill.common.web.Deadline;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.util.List;

/**
 * Tells services who is calling, in headers that only the gateway sets: any client-sent copy is
 * removed first, then the checked token's subject and roles are written. Services trust these
 * headers because nothing else can reach them (internal network, no other route in). The same goes
 * for the caller's deadline ({@link Deadline}): removed here from every request, written only by the
 * routes that carry the {@code Deadline} filter, from their own time limit.
 */
@Component
class IdentityHeadersFilter implements GlobalFilter, Ordered {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return exchange.getPrincipal()
                .filter(JwtAuthenticationToken.class::isInstance)
                .cast(JwtAuthenticationToken.class)
                .map(token -> withIdentity(exchange, token.getName(), token.getToken().getClaimAsStringList("roles")))
                .switchIfEmpty(Mono.fromSupplier(() -> withIdentity(exchange, null, null)))
                .flatMap(chain::filter);
    }

    private static ServerWebExchange withIdentity(ServerWebExchange exchange, String userId, List<String> roles) {
        return exchange.mutate().request(request -> request.headers(headers -> {
            headers.remove(Caller.USER_ID_HEADER);
            headers.remove(Caller.ROLES_HEADER);
            // a client that set its own deadline could make a service give up early, or work on for nobody
            headers.remove(Deadline.HEADER);
            if (userId != null) {
                headers.set(Caller.USER_ID_HEADER, userId);
                headers.set(Caller.ROLES_HEADER, roles == null ? "" : String.join(",", roles));
            }
        })).build();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
