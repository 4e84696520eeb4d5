package com.seckill.gateway.edge;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Caps request bodies before anything is routed. A declared length over the cap is refused at once;
 * a streamed body (no Content-Length) is read up to the cap first and then forwarded whole, so no
 * part of an oversized body ever reaches a service, and an oversized body is never a failure of the
 * route's circuit breaker.
 */
@Component
public class RequestSizeFilter implements WebFilter, Ordered {

    private final long maxBytes;

    RequestSizeFilter(EdgeProperties properties) {
        this.maxBytes = properties.maxBodySize().toBytes();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        HttpHeaders headers = request.getHeaders();
        long declared = headers.getContentLength();
        if (declared > maxBytes) {
            return Mono.error(tooLarge());
        }
        if (declared >= 0 || !headers.containsHeader(HttpHeaders.TRANSFER_ENCODING)) {
            return chain.filter(exchange);
        }
        return DataBufferUtils.join(request.getBody(), (int) maxBytes)
                .onErrorMap(DataBufferLimitException.class, e -> tooLarge())
                .flatMap(body -> chain.filter(exchange.mutate().request(replaying(request, body)).build()));
    }

    private static ServerHttpRequest replaying(ServerHttpRequest request, DataBuffer body) {
        ServerHttpRequest withLength = request.mutate().headers(h -> {
            h.remove(HttpHeaders.TRANSFER_ENCODING);
            h.setContentLength(body.readableByteCount());
        }).build();
        return new ServerHttpRequestDecorator(withLength) {
            @Override
            public Flux<DataBuffer> getBody() {
                return Flux.just(body);
            }
        };
    }

    private static ResponseStatusException tooLarge() {
        return new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE, "Request body too large");
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }
}
