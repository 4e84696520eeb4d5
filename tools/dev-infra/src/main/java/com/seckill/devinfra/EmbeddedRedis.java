package com.seckill.devinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

/**
 * A real redis-server process (the 6.2 binary bundled in embedded-redis), bound to 127.0.0.1.
 * Nothing is persisted: the suite keeps only caches and counters there, rebuilt from MySQL.
 */
public final class EmbeddedRedis implements AutoCloseable {

    private final RedisServer server;
    private final int port;

    private EmbeddedRedis(RedisServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Port 0 picks a free port. The binary is unpacked into {@code dir}, which is also Redis' working dir. */
    public static EmbeddedRedis start(Path dir, int port) {
        Path workDir = dir.toAbsolutePath();
        int actualPort = port == 0 ? Ports.freePort() : port;
        Ports.requireFree(actualPort, "Redis");
        try {
            Files.createDirectories(workDir);
            RedisServer server = RedisServer.newRedisServer()
                .executableProvider(ExecutableProvider.newJarResourceProvider(workDir.toFile()))
                .bind("127.0.0.1")
                .port(actualPort)
                .setting("daemonize no")
                .setting("save \"\"")
                .setting("appendonly no")
                .setting("dir " + workDir)
                .onShutdownForceStop(false)
                .build();
            server.start();
            return new EmbeddedRedis(server, actualPort);
        } catch (IOException e) {
            throw new UncheckedIOException("Redis did not start on port " + actualPort + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return port;
    }

    /** "redis://127.0.0.1:port", for {@code spring.data.redis.url}. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException("Redis did not stop cleanly", e);
        }
    }
}
