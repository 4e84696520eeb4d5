package com.seckill.order.query;

import com.seckill.order.purchase.PurchaseProperties;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Orders accepted but not yet written to MySQL by the consumer, kept in Redis so their buyer's
 * {@code GET /api/orders/{id}} answers PENDING (never 404) while the queue drains. Each is a hash
 * {@code seckill:order:pending:<orderId>} that expires after the configured TTL; once the row is in
 * MySQL, MySQL answers first and the hash is just left to expire.
 *
 * <p>Also hands out each buyer's purchase sequence in an activity (growing, never reused, also not
 * after a Redis loss), which with the user and activity is a second unique key of the order row.
 */
@Component
public class PendingOrders {

    private static final byte[] NEXT_SEQUENCE = readScript("scripts/next-sequence.lua");

    private final StringRedisTemplate redis;
    private final Duration ttl;

    PendingOrders(StringRedisTemplate redis, PurchaseProperties properties) {
        this.redis = redis;
        this.ttl = properties.pendingTtl();
    }

    /**
     * An order about to be offered to inventory and the broker; {@code idempotencyKey} (null: none) is
     * remembered for the activity (see {@link #mayHavePlaced}), not kept in the pending record.
     */
    public record PendingOrder(long orderId, String userId, long activityId, long productId, int quantity,
                               long amountCents, Instant createdAt, Instant payBy, String idempotencyKey) {
    }

    /**
     * Records the orders as pending and returns each buyer's next purchase sequence
     * ({@code scripts/next-sequence.lua}), for a whole batch in one round trip (a pipeline: the writes
     * need not be atomic, each is correct on its own).
     */
    public List<Long> open(List<PendingOrder> orders) {
        List<Object> replies = redis.executePipelined((RedisCallback<Object>) connection -> {
            for (PendingOrder order : orders) {
                byte[] key = bytes(pendingKey(order.orderId()));
                connection.scriptingCommands().eval(NEXT_SEQUENCE, ReturnType.INTEGER, 1, bytes(sequenceKey(order.activityId())),
                        bytes(order.userId()), bytes(Long.toString(order.createdAt().getEpochSecond())));
                connection.hashCommands().hMSet(key, fields(order));
                connection.keyCommands().pExpire(key, ttl.toMillis());
                if (order.idempotencyKey() != null) {
                    byte[] keys = bytes(usedKeysKey(order.activityId()));
                    connection.hashCommands().hSetNX(keys, bytes(order.userId() + ":" + order.idempotencyKey()),
                            bytes(Long.toString(order.orderId())));
                    connection.keyCommands().pExpire(keys, ttl.toMillis());
                }
            }
            return null;
        });
        // the sequences are the only numbers among the replies (PEXPIRE and HSETNX answer booleans, HMSET nothing)
        List<Long> sequences = replies.stream().filter(Long.class::isInstance).map(Long.class::cast).toList();
        if (sequences.size() != orders.size()) {
            throw new IllegalStateException("Expected " + orders.size() + " purchase sequences, Redis answered " + replies);
        }
        return sequences;
    }

    private static Map<byte[], byte[]> fields(PendingOrder order) {
        Map<byte[], byte[]> fields = new LinkedHashMap<>();
        fields.put(bytes("userId"), bytes(order.userId()));
        fields.put(bytes("activityId"), bytes(Long.toString(order.activityId())));
        fields.put(bytes("productId"), bytes(Long.toString(order.productId())));
        fields.put(bytes("quantity"), bytes(Integer.toString(order.quantity())));
        fields.put(bytes("amountCents"), bytes(Long.toString(order.amountCents())));
        fields.put(bytes("createdAt"), bytes(Long.toString(order.createdAt().toEpochMilli())));
        fields.put(bytes("payBy"), bytes(Long.toString(order.payBy().toEpochMilli())));
        return fields;
    }

    /** Forgets orders that were refused or never accepted, in one round trip. */
    public void discard(List<Long> orderIds) {
        if (orderIds.isEmpty()) {
            return;
        }
        redis.executePipelined((RedisCallback<Object>) connection -> {
            orderIds.forEach(id -> connection.keyCommands().del(bytes(pendingKey(id))));
            return null;
        });
    }

    /**
     * Whether an order of this buyer with this Idempotency-Key was ever offered to inventory in the
     * activity: recorded before its reservation is tried (so never after a buyer could have heard of it),
     * and not removed when it was refused. False means the key placed nothing here, and a keyed order
     * after the sale sold out is a plain SOLD_OUT; true means it may have, and inventory decides.
     */
    public boolean mayHavePlaced(long activityId, String userId, String idempotencyKey) {
        return redis.opsForHash().hasKey(usedKeysKey(activityId), userId + ":" + idempotencyKey);
    }

    public boolean isPendingFor(long orderId, String userId) {
        return userId.equals(redis.opsForHash().get(pendingKey(orderId), "userId"));
    }

    /** The pending order, if it is the caller's: another user's is as absent as a missing one. */
    Optional<OrderView> findOwned(long orderId, String userId) {
        Map<Object, Object> fields = redis.opsForHash().entries(pendingKey(orderId));
        if (fields.isEmpty() || !userId.equals(fields.get("userId"))) {
            return Optional.empty();
        }
        return Optional.of(new OrderView(
                Long.toString(orderId),
                (String) fields.get("activityId"),
                (String) fields.get("productId"),
                Integer.parseInt((String) fields.get("quantity")),
                Long.parseLong((String) fields.get("amountCents")),
                OrderView.PENDING,
                Instant.ofEpochMilli(Long.parseLong((String) fields.get("createdAt"))),
                Instant.ofEpochMilli(Long.parseLong((String) fields.get("payBy")))));
    }

    private static byte[] readScript(String path) {
        try (InputStream in = new ClassPathResource(path).getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path, e);
        }
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static String pendingKey(long orderId) {
        return "seckill:order:pending:" + orderId;
    }

    private static String usedKeysKey(long activityId) {
        return "seckill:order:keys:{" + activityId + "}";
    }

    // The activity's hash tag keeps its keys in one Redis Cluster slot, like inventory's keys.
    private static String sequenceKey(long activityId) {
        return "seckill:order:sequence:{" + activityId + "}";
    }
}
