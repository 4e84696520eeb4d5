package com.seckill.gateway.edge;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Caps request bodies at the edge (every API body is a small JSON document). A declared length
 * over the cap is refused before anything is read; a streamed body is counted as it passes and
 * refused as soon as it goes over.
 */
@Component
public class RequestSizeFilter implements WebFilter, Ordered {

    private final long maxBytes;

    RequestSizeFilter(@Value("${seckill.edge.max-body-size:16KB}") DataSize maxBody) {
        this.maxBytes = maxBody.toBytes();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (request.getHeaders().getContentLength() > maxBytes) {
            return Mono.error(tooLarge());
        }
        ServerHttpRequest counted = new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                AtomicLong seen = new AtomicLong();
                return super.getBody().doOnNext(buffer -> {
                    if (seen.addAndGet(buffer.readableByteCount()) > maxBytes) {
                        throw tooLarge();
                    }
                });
            }
        };
        return chain.filter(exchange.mutate().request(counted).build());
    }

    private static ResponseStatusException tooLarge() {
        return new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE, "Request body too large");
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }
}
