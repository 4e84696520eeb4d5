package com.seckill.inventory.reservation;

import com.seckill.inventory.recovery.LostStockRecovery;
import com.seckill.inventory.stock.LuaScripts;
import com.seckill.inventory.stock.StockKeys;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reserves stock with one Lua script ({@code scripts/reserve.lua}): the released check, the replay check,
 * the stock check, the per-user limit, the writes and the order message's outbox entry happen in one
 * atomic step in Redis, for every order of a batch of one activity. The script is read once; Spring runs
 * it by SHA (EVALSHA, falling back to EVAL when the server does not know it yet).
 *
 * <p>Public, with its two {@code reserve}, only for the audit's and the recovery's tests, which reserve directly.
 */
@Service
public class StockReservations {

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> RESERVE = LuaScripts.load("scripts/reserve.lua", List.class);

    private final StringRedisTemplate redis;
    private final MeterRegistry meters;
    private final Clock clock;
    private final LostStockRecovery recovery;

    StockReservations(StringRedisTemplate redis, MeterRegistry meters, Clock clock, LostStockRecovery recovery) {
        this.redis = redis;
        this.meters = meters;
        this.clock = clock;
        this.recovery = recovery;
    }

    public ReservationResult reserve(long activityId, ReservationRequest request) {
        return reserve(activityId, List.of(request), List.of(), List.of()).results().get(0);
    }

    /**
     * The outcome of one script run: the replay look-ups' order ids (null: none), whether each look-up's
     * answer is unknown (no live stock: never loaded, or Redis lost it and the rebuild is not done yet),
     * then the reservations.
     */
    public record Decided(List<String> replayed, List<Boolean> replayUnknown, List<ReservationResult> results) {
    }

    /**
     * Decides the requests in order, as if each came alone, after taking the outbox entries of
     * {@code published} (orders whose messages were sent) away and looking up which order each of
     * {@code replays} placed. One script call, one round trip.
     */
    public Decided reserve(long activityId, List<ReservationRequest> requests, List<String> published, List<ReservationBatch.Replay> replays) {
        List<String> args = new ArrayList<>(3 + published.size() + 2 * replays.size() + 6 * requests.size());
        args.add(Long.toString(clock.millis()));
        args.add(Integer.toString(published.size()));
        args.addAll(published);
        args.add(Integer.toString(replays.size()));
        replays.forEach(replay -> {
            args.add(replay.userId());
            args.add(replay.idempotencyKey());
        });
        for (ReservationRequest request : requests) {
            args.add(Integer.toString(request.limitPerUser()));
            args.add(Integer.toString(request.quantity()));
            args.add(request.userId());
            args.add(request.orderId());
            args.add(request.idempotencyKey() == null ? "" : request.idempotencyKey());
            args.add(request.message() == null ? "" : request.message());
        }
        List<?> reply = redis.execute(RESERVE, StockKeys.all(activityId), args.toArray());
        if (reply == null || reply.size() != replays.size() + 3 * requests.size()) {
            throw new IllegalStateException("Unexpected reply of the reservation script: " + reply);
        }
        List<String> replayed = new ArrayList<>(replays.size());
        List<Boolean> replayUnknown = new ArrayList<>(replays.size());
        for (int i = 0; i < replays.size(); i++) {
            String orderId = reply.get(i).toString();
            boolean unknown = "?".equals(orderId);
            replayed.add(orderId.isEmpty() || unknown ? null : orderId);
            replayUnknown.add(unknown);
        }
        List<ReservationResult> results = new ArrayList<>(requests.size());
        for (int i = replays.size(); i < reply.size(); i += 3) {
            ReservationResult.Status status = ReservationResult.Status.valueOf(reply.get(i).toString());
            String orderId = reply.get(i + 1).toString();
            String remaining = reply.get(i + 2).toString();
            meters.counter("seckill.stock.reservations", "result", status.name().toLowerCase(Locale.ROOT)).increment();
            results.add(new ReservationResult(status, orderId.isEmpty() ? null : orderId,
                    remaining.isEmpty() ? null : Long.valueOf(remaining)));
        }
        if (replayUnknown.contains(true) || results.stream().anyMatch(result -> result.status() == ReservationResult.Status.NOT_LOADED)) {
            // never loaded, or Redis lost the counter: in the second case the sale waits for its rebuild
            recovery.counterMissing(activityId);
        }
        return new Decided(replayed, replayUnknown, results);
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
