package com.seckill.inventory.reservation;

import com.seckill.inventory.stock.LuaScripts;
import com.seckill.inventory.stock.StockKeys;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.Locale;

/**
 * Undoes reservations with one Lua script ({@code scripts/release.lua}), run by SHA like the
 * reservation: the check whether it was released before and the return of the units are one atomic
 * step, so concurrent releases of one order return its units once. order-service releases an order
 * whose message it never committed; the stock ledger releases a cancelled one.
 */
@Service
public class StockReleases {

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> RELEASE = LuaScripts.load("scripts/release.lua", List.class);

    private final StringRedisTemplate redis;
    private final MeterRegistry meters;

    StockReleases(StringRedisTemplate redis, MeterRegistry meters) {
        this.redis = redis;
        this.meters = meters;
    }

    public ReleaseResult release(long activityId, String orderId) {
        List<String> keys = StockKeys.all(activityId);
        List<?> reply = redis.execute(RELEASE, keys, orderId);
        if (reply == null || reply.size() != 2) {
            throw new IllegalStateException("Unexpected reply of the release script: " + reply);
        }
        ReleaseResult.Status status = ReleaseResult.Status.valueOf(reply.get(0).toString());
        String remaining = reply.get(1).toString();
        meters.counter("seckill.stock.releases", "result", status.name().toLowerCase(Locale.ROOT)).increment();
        return new ReleaseResult(orderId, status, remaining.isEmpty() ? null : Long.valueOf(remaining));
    }
}
