package com.seckill.gateway.balancing;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ReactiveLoadBalancerClientFilter;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.net.ConnectException;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR;

/**
 * Tells {@link RefusedInstances} which instance the load balancer chose when the connection to it is
 * refused. Runs right after the load balancer has chosen, so a retry (the routes' Retry filter, on a
 * refused connection only: the request never left) chooses again without it.
 */
class RefusalRecorder implements GlobalFilter, Ordered {

    private final RefusedInstances refused;

    RefusalRecorder(RefusedInstances refused) {
        this.refused = refused;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return chain.filter(exchange).doOnError(ConnectException.class, e -> {
            Response<ServiceInstance> chosen = exchange.getAttribute(GATEWAY_LOADBALANCER_RESPONSE_ATTR);
            if (chosen != null && chosen.hasServer()) {
                refused.refused(chosen.getServer());
            }
        });
    }

    @Override
    public int getOrder() {
        return ReactiveLoadBalancerClientFilter.LOAD_BALANCER_CLIENT_FILTER_ORDER + 1;
    }
}
