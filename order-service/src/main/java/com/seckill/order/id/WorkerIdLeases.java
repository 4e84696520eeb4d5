package com.seckill.order.id;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The worker-id leases in Redis, one key per id ({@code seckill:order:worker-id:<id>}, value: the
 * holder's name, expiring after the ttl), as seen by one holder: taken, renewed and given back by the
 * scripts in {@code scripts/*-worker-id.lua}. Every call is a single-key command, so it works on a
 * Redis cluster too.
 *
 * <p>Each call gives up after {@code callTimeout} rather than Lettuce's command timeout (60 s by
 * default, and while Redis is unreachable Lettuce queues commands until then): the holder must learn
 * within a second or so that a renewal did not happen. A call that gives up may still run later; that
 * is harmless (a late renewal only keeps the key longer than this holder believes; a late take leaves a
 * key that the next take finds is this holder's own).
 */
final class WorkerIdLeases {

    static final String KEY_PREFIX = "seckill:order:worker-id:";

    private static final String TAKE = script("scripts/take-worker-id.lua");
    private static final String RENEW = script("scripts/renew-worker-id.lua");
    private static final String RELEASE = script("scripts/release-worker-id.lua");

    private final StringRedisTemplate redis;
    private final String keyPrefix;
    private final int ids;
    private final byte[] holder;
    private final String holderName;
    private final long callTimeoutMillis;

    /**
     * @param keyPrefix {@link #KEY_PREFIX}; tests use their own
     * @param ids       how many worker ids there are (1,024; tests use fewer)
     * @param holder    this holder's name, unique per process (what {@code GET} on a key shows an operator)
     */
    WorkerIdLeases(StringRedisTemplate redis, String keyPrefix, int ids, String holder, Duration callTimeout) {
        this.redis = redis;
        this.keyPrefix = keyPrefix;
        this.ids = ids;
        this.holderName = holder;
        this.holder = bytes(holder);
        this.callTimeoutMillis = callTimeout.toMillis();
    }

    int ids() {
        return ids;
    }

    String holder() {
        return holderName;
    }

    String keyOf(int workerId) {
        return keyPrefix + workerId;
    }

    /**
     * {@code SET key holder NX PX ttl} (or the key is this holder's already, see the script): whether
     * this holder now has the id, its lease running {@code ttl} from Redis's receipt of this call.
     */
    boolean take(int workerId, Duration ttl) {
        return runs(TAKE, workerId, ttl);
    }

    /** Whether the lease was still this holder's and now runs {@code ttl} from Redis's receipt of this call. */
    boolean renew(int workerId, Duration ttl) {
        return runs(RENEW, workerId, ttl);
    }

    /** Gives the id back if it is still this holder's; the key stays {@code keptFor} more (see the script). */
    boolean release(int workerId, Duration keptFor) {
        return runs(RELEASE, workerId, keptFor);
    }

    /** Who holds the id now (null: nobody); for log lines only. */
    String holderOf(int workerId) {
        byte[] value = call(commands -> commands.get(bytes(keyOf(workerId))));
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    /** Runs one of the scripts on the id's key with this holder and a duration in ms: whether it returned 1. */
    private boolean runs(String script, int workerId, Duration duration) {
        Long result = call(commands -> commands.eval(script, ScriptOutputType.INTEGER, new byte[][] {bytes(keyOf(workerId))},
                holder, bytes(Long.toString(duration.toMillis()))));
        return result != null && result == 1;
    }

    private <T> T call(Function<RedisClusterAsyncCommands<byte[], byte[]>, RedisFuture<T>> command) {
        return redis.execute((RedisCallback<T>) connection -> {
            RedisFuture<T> future = command.apply(nativeCommands(connection));
            try {
                return future.get(callTimeoutMillis, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new LeaseCallFailed("Redis did not answer within " + callTimeoutMillis + " ms");
            } catch (ExecutionException e) {
                throw new LeaseCallFailed("Redis answered " + e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LeaseCallFailed("interrupted");
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static RedisClusterAsyncCommands<byte[], byte[]> nativeCommands(RedisConnection connection) {
        return (RedisClusterAsyncCommands<byte[], byte[]>) connection.getNativeConnection();
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static String script(String path) {
        try (InputStream in = new ClassPathResource(path).getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path, e);
        }
    }

    /** A lease call that got no answer in time, or an error. */
    static final class LeaseCallFailed extends RuntimeException {

        LeaseCallFailed(String message) {
            super(message);
        }
    }
}
