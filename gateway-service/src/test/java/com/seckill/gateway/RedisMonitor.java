package com.seckill.gateway;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.awaitility.Awaitility.await;

/**
 * What Redis itself executed, seen through MONITOR: the count of commands touching a key comes from the
 * server, not from the code under test. Redis may be shared with other tests, so callers filter by a key
 * of their own; {@link #commandsUpToNow()} sends a marker through Redis and waits for it, so every
 * command executed before the call is in the answer.
 */
final class RedisMonitor implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI redis;
    private final Socket socket;
    private final Queue<String> lines = new ConcurrentLinkedQueue<>();

    private RedisMonitor(URI redis) throws IOException {
        this.redis = redis;
        this.socket = connect(redis);
        BufferedReader reader;
        try {
            send(socket.getOutputStream(), "MONITOR");
            reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            if (!"+OK".equals(reader.readLine())) {
                throw new IllegalStateException("Redis refused MONITOR");
            }
            // From here the reader thread waits for commands as long as it takes; close() ends it.
            socket.setSoTimeout(0);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
        Thread readerThread = new Thread(() -> {
            try {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines.add(line);
                }
            } catch (IOException closed) {
                // close() ends the monitor
            }
        }, "redis-monitor");
        readerThread.setDaemon(true);
        readerThread.start();
    }

    static RedisMonitor start(String redisUrl) {
        try {
            return new RedisMonitor(URI.create(redisUrl));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every command Redis executed since the monitor started, as MONITOR prints them. */
    List<String> commandsUpToNow() {
        String marker = "monitor-marker-" + UUID.randomUUID();
        try (Socket client = connect(redis)) {
            send(client.getOutputStream(), "ECHO", marker);
            client.getInputStream().read(new byte[256]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await().atMost(TIMEOUT).until(() -> lines.stream().anyMatch(line -> line.contains(marker)));
        return List.copyOf(lines);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** A Redis that does not answer fails the test instead of blocking it. */
    private static Socket connect(URI redis) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(redis.getHost(), redis.getPort()), (int) TIMEOUT.toMillis());
        socket.setSoTimeout((int) TIMEOUT.toMillis());
        return socket;
    }

    private static void send(OutputStream out, String... command) throws IOException {
        StringBuilder resp = new StringBuilder("*").append(command.length).append("\r\n");
        for (String part : command) {
            resp.append('$').append(part.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(part).append("\r\n");
        }
        out.write(resp.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
