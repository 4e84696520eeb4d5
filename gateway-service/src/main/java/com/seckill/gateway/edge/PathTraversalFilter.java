package com.seckill.gateway.edge;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.util.Locale;

/**
 * Refuses paths that a downstream server would normalise into another path. The gateway matches
 * routes on the raw path, so {@code /api/products/../../actuator/env} would match the product route
 * and then reach the service's actuator once Tomcat resolves the dot segments.
 */
@Component
public class PathTraversalFilter implements WebFilter, Ordered {

    private static final String[] FORBIDDEN = {"/../", "/./", "%2e", "%2f", "%5c", "\\", "//", ";"};

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (isAmbiguous(exchange.getRequest().getURI().getRawPath())) {
            return Mono.error(new ResponseStatusException(HttpStatus.BAD_REQUEST, "Ambiguous request path"));
        }
        return chain.filter(exchange);
    }

    static boolean isAmbiguous(String rawPath) {
        String path = rawPath.toLowerCase(Locale.ROOT);
        if (path.endsWith("/..") || path.endsWith("/.")) {
            return true;
        }
        for (String forbidden : FORBIDDEN) {
            if (path.contains(forbidden)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
