package com.seckill.e2e.suite;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * A TCP hop between a part of the suite and a server it needs, for the network faults of the fault
 * suite: it passes bytes through, and on command cuts the server off (every current connection reset,
 * every new one reset at once, as a host whose server is down answers) or delays the server's answers
 * (a slow server: its work is done on time, its replies arrive late). Plain threads: a handful of
 * connections, and a test must be able to read what it does.
 */
final class TcpProxy implements AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private final ServerSocket listener;
    private final String targetHost;
    // Resolved per connection: the server may get its port after the proxy must already be known.
    private final IntSupplier targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "tcp-proxy");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean cut;
    private volatile long delayNanos;

    private TcpProxy(String targetHost, IntSupplier targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        threads.execute(this::acceptLoop);
    }

    /** A proxy on a free loopback port to {@code host} and the port {@code port} gives when a connection comes. */
    static TcpProxy to(String host, IntSupplier port) throws IOException {
        return new TcpProxy(host, port);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** The server is gone: every connection through the proxy is reset, and so is every new one until {@link #restore}. */
    void cut() {
        cut = true;
        open.forEach(this::reset);
    }

    /** Connections pass again, without delay. */
    void restore() {
        delayNanos = 0;
        cut = false;
    }

    /** Every chunk the server sends reaches the client this much later (zero: at once). */
    void delayAnswers(Duration delay) {
        delayNanos = delay.toNanos();
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        open.forEach(this::reset);
        threads.shutdownNow();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (cut) {
                reset(client);
                continue;
            }
            threads.execute(() -> connect(client));
        }
    }

    private void connect(Socket client) {
        Socket server = new Socket();
        try {
            server.connect(new InetSocketAddress(targetHost, targetPort.getAsInt()), (int) CONNECT_TIMEOUT.toMillis());
            client.setTcpNoDelay(true);
            server.setTcpNoDelay(true);
        } catch (IOException e) {
            reset(client);
            reset(server);
            return;
        }
        open.add(client);
        open.add(server);
        if (cut) { // cut while connecting
            reset(client);
            reset(server);
            return;
        }
        threads.execute(() -> pump(client, server, false));
        threads.execute(() -> pump(server, client, true));
    }

    /** Until either end closes (neither protocol here half-closes), or a cut. */
    private void pump(Socket from, Socket to, boolean answers) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0 && !cut) {
                if (answers) {
                    awaitDelay(System.nanoTime());
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // reset by a peer or by a cut: both ends go
        }
        close(from);
        close(to);
    }

    private void awaitDelay(long readAt) throws InterruptedException {
        long due = readAt + delayNanos;
        for (long left = due - System.nanoTime(); left > 0; left = due - System.nanoTime()) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    /** An RST rather than a FIN: the peer learns at once that the connection is gone. */
    private void reset(Socket socket) {
        open.remove(socket);
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException ignored) {
            // already closed
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private void close(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
