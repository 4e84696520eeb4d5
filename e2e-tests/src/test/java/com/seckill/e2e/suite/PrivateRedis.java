package com.seckill.e2e.suite;

import com.seckill.launcher.FreePorts;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.awaitility.Awaitility.await;

/**
 * A redis-server of the test's own, without persistence, so that it can be killed and come back empty
 * without touching the Redis that other builds on this machine share.
 */
final class PrivateRedis implements AutoCloseable {

    private static final String BINARY = "/usr/bin/redis-server";

    private final int port;
    private final Path log;
    private Process process;

    private PrivateRedis(int port, Path log) {
        this.port = port;
        this.log = log;
    }

    static boolean available() {
        return Files.isExecutable(Path.of(BINARY));
    }

    static PrivateRedis start() throws IOException {
        Path log = Path.of("target", "private-redis.log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        PrivateRedis redis = new PrivateRedis(FreePorts.pick(), log);
        redis.launch();
        return redis;
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** kill -9, then the same port again: a Redis that lost everything, as after a restart without persistence. */
    void killAndStartEmpty() throws IOException {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        launch();
    }

    private void launch() throws IOException {
        process = new ProcessBuilder(BINARY, "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--protected-mode", "no").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).ignoreExceptions().until(() -> {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return true;
            }
        });
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroyForcibly();
        }
    }
}
