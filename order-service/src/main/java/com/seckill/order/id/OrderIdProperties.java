package com.seckill.order.id;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code seckill.order-ids.*}: a worker id set by the operator ({@code SECKILL_WORKER_ID}), or, unset,
 * how the worker id is leased in Redis.
 */
@ConfigurationProperties("seckill.order-ids")
public record OrderIdProperties(Integer workerId, LeaseSettings lease) {

    public OrderIdProperties {
        if (workerId != null && (workerId < 0 || workerId > OrderIdGenerator.MAX_WORKER_ID)) {
            throw new IllegalArgumentException("seckill.order-ids.worker-id (SECKILL_WORKER_ID) must be 0.."
                    + OrderIdGenerator.MAX_WORKER_ID + " or unset, was " + workerId);
        }
        if (workerId == null && lease == null) {
            throw new IllegalArgumentException("seckill.order-ids.lease.* is required unless SECKILL_WORKER_ID is set");
        }
    }
}
