package com.seckill.order.id;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP hop between one client and the real Redis that a test can cut and restore, like a network
 * partition between one instance and Redis: while cut, connections are closed and new ones refused.
 */
public final class RedisLink implements AutoCloseable {

    private final String redisHost;
    private final int redisPort;
    private final int port;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;

    public RedisLink(String redisUrl) {
        URI redis = URI.create(redisUrl);
        this.redisHost = redis.getHost();
        this.redisPort = redis.getPort() < 0 ? 6379 : redis.getPort();
        this.server = listen(0);
        this.port = server.getLocalPort();
    }

    public int port() {
        return port;
    }

    public synchronized void cut() {
        closeQuietly(server);
        sockets.forEach(RedisLink::closeQuietly);
        sockets.clear();
    }

    public synchronized void restore() {
        if (server.isClosed()) {
            server = listen(port);
        }
    }

    @Override
    public void close() {
        cut();
    }

    private ServerSocket listen(int onPort) {
        try {
            ServerSocket listening = new ServerSocket();
            listening.setReuseAddress(true); // the port again right after cut(), despite TIME_WAIT
            listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort));
            daemon("redis-link-accept", () -> accept(listening));
            return listening;
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on " + onPort, e);
        }
    }

    private void accept(ServerSocket listening) {
        while (!listening.isClosed()) {
            try {
                Socket client = listening.accept();
                Socket redis;
                try {
                    redis = new Socket(redisHost, redisPort);
                } catch (IOException e) {
                    closeQuietly(client);
                    continue;
                }
                synchronized (this) {
                    if (listening.isClosed()) { // cut meanwhile: this connection must not outlive the cut
                        closeQuietly(client);
                        closeQuietly(redis);
                        return;
                    }
                    sockets.add(client);
                    sockets.add(redis);
                }
                daemon("redis-link-up", () -> pump(client, redis));
                daemon("redis-link-down", () -> pump(redis, client));
            } catch (IOException e) {
                return; // cut
            }
        }
    }

    private static void pump(Socket from, Socket to) {
        byte[] buffer = new byte[8192];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // cut, or one side closed
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed
        }
    }
}
