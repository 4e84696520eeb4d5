package com.seckill.loadtest;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway calls the scenarios make; every call, answered or not, lands in the recorder. Each
 * thread has its own keep-alive connection, as each shopper's browser would.
 */
final class ShopClient implements AutoCloseable {

    private static final int TIMEOUT_MILLIS = 30_000;
    private static final int SOURCE_ADDRESSES = 64;

    private final URI gateway;
    private final Recorder recorder;
    private final Connections connections;

    ShopClient(URI gateway, Recorder recorder) {
        this(gateway, recorder, new Connections(gateway));
    }

    private ShopClient(URI gateway, Recorder recorder, Connections connections) {
        this.gateway = gateway;
        this.recorder = recorder;
        this.connections = connections;
    }

    /** The same connections, counted in another recorder: one per phase of a bench. */
    ShopClient recordingInto(Recorder other) {
        return new ShopClient(gateway, other, connections);
    }

    /** An order without a purchase token, which the suite does not require by default. */
    Answer placeOrder(String activityId, String jwt, String idempotencyKey) {
        return send("POST", "/api/activities/" + activityId + "/orders", jwt, "{\"quantity\":1}", Map.of("Idempotency-Key", idempotencyKey));
    }

    /** The rival's order: no token step, the order is written before the answer. */
    Answer placeBaselineOrder(String activityId, String jwt) {
        return send("POST", "/api/baseline/activities/" + activityId + "/orders", jwt, "{\"quantity\":1}");
    }

    Answer get(String path) {
        return send("GET", path, null, null);
    }

    Answer get(String path, String jwt) {
        return send("GET", path, jwt, null);
    }

    Answer send(String method, String path, String jwt, String json) {
        return send(method, path, jwt, json, Map.of());
    }

    private Answer send(String method, String path, String jwt, String json, Map<String, String> extraHeaders) {
        Map<String, String> headers = new LinkedHashMap<>(extraHeaders);
        if (jwt != null) {
            headers.put("Authorization", "Bearer " + jwt);
        }
        if (json != null) {
            headers.put("Content-Type", "application/json");
        }
        long startMillis = System.currentTimeMillis();
        long start = System.nanoTime();
        try {
            Http1Connection.Response response = connections.own().exchange(method, path, headers, json);
            long latency = System.nanoTime() - start;
            String code = response.status() >= 400 ? Json.string(response.body(), "code") : null;
            recorder.record(startMillis, latency, response.status(), code);
            return new Answer(response.status(), response.body(), code);
        } catch (IOException e) {
            // No HTTP answer: counted as status 0 so refused connections and timeouts show up as errors.
            String code = e.getClass().getSimpleName();
            recorder.record(startMillis, System.nanoTime() - start, 0, code);
            return new Answer(0, "", code);
        }
    }

    /** Closes every connection opened so far; threads that send again open new ones. */
    @Override
    public void close() {
        connections.closeAll();
    }

    /** @param code the problem's code, the exception's name when there was no answer, or null */
    record Answer(int status, String body, String code) {

        String field(String name) {
            return Json.string(body, name);
        }
    }

    /** One connection per thread, all remembered so a phase's connections can be closed after it. */
    private static final class Connections {
        private final URI gateway;
        private final ThreadLocal<Http1Connection> own;
        private final Queue<Http1Connection> all = new ConcurrentLinkedQueue<>();
        private final AtomicInteger opened = new AtomicInteger();
        private final boolean loopback;

        Connections(URI gateway) {
            this.gateway = gateway;
            this.own = ThreadLocal.withInitial(this::open);
            this.loopback = isLoopback(gateway.getHost());
        }

        private static boolean isLoopback(String host) {
            try {
                return System.getProperty("os.name").startsWith("Linux") && InetAddress.getByName(host).isLoopbackAddress()
                        && InetAddress.getByName(host) instanceof java.net.Inet4Address;
            } catch (UnknownHostException e) {
                return false;
            }
        }

        Http1Connection own() {
            return own.get();
        }

        private Http1Connection open() {
            int port = gateway.getPort() > 0 ? gateway.getPort() : 80;
            Http1Connection connection = new Http1Connection(gateway.getHost(), port, source(opened.getAndIncrement()),
                    TIMEOUT_MILLIS);
            all.add(connection);
            return connection;
        }

        /**
         * A crowd comes from many addresses, and the gateway limits per address: against a gateway on
         * this machine, connections come from 127.0.0.1 to 127.0.0.64 in turn (all of 127/8 is
         * loopback on Linux), so one load generator is not one client to the per-IP limiter.
         */
        private InetAddress source(int connection) {
            if (!loopback) {
                return null;
            }
            try {
                return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (1 + connection % SOURCE_ADDRESSES)});
            } catch (UnknownHostException impossible) {
                throw new IllegalStateException(impossible);
            }
        }

        void closeAll() {
            for (Http1Connection c = all.poll(); c != null; c = all.poll()) {
                c.close();
            }
        }
    }
}
