package com.seckill.inventory.stock;

import com.seckill.common.stock.StockKeys;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.Locale;

/**
 * Reserves stock with one Lua script ({@code scripts/reserve.lua}): the released check, the replay check,
 * the stock check, the per-user limit and the writes happen in one atomic step in Redis. The script is
 * read once; Spring runs it by SHA (EVALSHA, falling back to EVAL when the server does not know it yet).
 */
@Service
class StockReservations {

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> RESERVE = LuaScripts.load("scripts/reserve.lua", List.class);

    private final StringRedisTemplate redis;
    private final MeterRegistry meters;

    StockReservations(StringRedisTemplate redis, MeterRegistry meters) {
        this.redis = redis;
        this.meters = meters;
    }

    ReservationResult reserve(long activityId, ReservationRequest request) {
        List<String> keys = StockKeys.all(activityId);
        String idempotencyKey = request.idempotencyKey() == null ? "" : request.idempotencyKey();
        List<?> reply = redis.execute(RESERVE, keys, Integer.toString(request.limitPerUser()),
                Integer.toString(request.quantity()), request.userId(), request.orderId(), idempotencyKey);
        if (reply == null || reply.size() != 3) {
            throw new IllegalStateException("Unexpected reply of the reservation script: " + reply);
        }
        ReservationResult.Status status = ReservationResult.Status.valueOf(reply.get(0).toString());
        String orderId = reply.get(1).toString();
        String remaining = reply.get(2).toString();
        meters.counter("seckill.stock.reservations", "result", status.name().toLowerCase(Locale.ROOT)).increment();
        return new ReservationResult(status, orderId.isEmpty() ? null : orderId,
                remaining.isEmpty() ? null : Long.valueOf(remaining));
    }

    /**
     * Whether the order holds a reservation. Two reads, not a script: a reservation is moved from the
     * live hash to the released one atomically, so reading the live hash first can never miss a
     * released order (the answer is a snapshot either way).
     */
    ReservationState state(long activityId, String orderId) {
        if (redis.opsForHash().hasKey(StockKeys.reservations(activityId), orderId)) {
            return new ReservationState(orderId, ReservationState.State.RESERVED);
        }
        if (redis.opsForHash().hasKey(StockKeys.released(activityId), orderId)) {
            return new ReservationState(orderId, ReservationState.State.RELEASED);
        }
        return new ReservationState(orderId, ReservationState.State.ABSENT);
    }
}
