package com.seckill.common.warmup;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How hard a service exercises its hot paths at start-up, before it reports ready.
 *
 * @param calls       calls per path; 0 turns the warm-up off
 * @param concurrency calls in flight at once
 */
@ConfigurationProperties("seckill.warm-up")
public record WarmUpProperties(@DefaultValue("200") int calls, @DefaultValue("4") int concurrency) {

    public WarmUpProperties {
        if (calls < 0 || concurrency < 1) {
            throw new IllegalStateException("seckill.warm-up.calls must be >= 0 and seckill.warm-up.concurrency >= 1");
        }
    }

    public boolean enabled() {
        return calls > 0;
    }
}
