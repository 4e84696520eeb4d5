package com.seckill.order.id;

import java.time.Duration;

/**
 * How worker-id leases are kept ({@code seckill.order-ids.lease.*}; application.yml says what each is
 * for and which environment variable sets it).
 *
 * @param ttl        how long Redis keeps a lease that is not renewed
 * @param renewEvery how often a held lease is renewed
 * @param retryEvery how soon a failed renewal or acquisition is tried again, and how long one Redis call may take
 * @param margin     how much earlier than Redis this instance considers its lease over
 */
public record LeaseSettings(Duration ttl, Duration renewEvery, Duration retryEvery, Duration margin) {

    public LeaseSettings {
        require(ttl != null && ttl.toMillis() > 0, "seckill.order-ids.lease.ttl must be positive");
        require(margin != null && !margin.isNegative() && margin.compareTo(ttl) < 0,
                "seckill.order-ids.lease.margin must be 0 or more and below the ttl (" + ttl + "), was " + margin);
        require(renewEvery != null && renewEvery.toMillis() > 0, "seckill.order-ids.lease.renew-every must be positive");
        // Otherwise the lease would run out here between two renewals that both succeed.
        require(renewEvery.compareTo(ttl.minus(margin)) < 0,
                "seckill.order-ids.lease.renew-every (" + renewEvery + ") must be below ttl - margin (" + ttl.minus(margin) + ")");
        require(retryEvery != null && retryEvery.toMillis() > 0, "seckill.order-ids.lease.retry-every must be positive");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
