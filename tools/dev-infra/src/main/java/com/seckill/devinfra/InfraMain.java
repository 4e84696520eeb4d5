package com.seckill.devinfra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The development servers as one process ({@code dev-infra-*-exec.jar}), started and stopped by the launcher.
 *
 * <p>Contract with the launcher: it passes the options of {@link InfraOptions#USAGE}; once everything is up
 * this process writes the ready file (atomically) with one {@code key=value} line per server it started
 * ({@code rocketmq.namesrv}, {@code redis.url}, {@code mysql.url}), then runs until told to stop (SIGTERM,
 * SIGINT). Stopping deletes the ready file first and then closes the servers in reverse start order. A server
 * that fails to start ends the process with exit code 1 after one line saying why.
 */
public final class InfraMain {

    /** The suite's topics: created and routable before the ready file appears. */
    // RocketMQ creates each consumer group's %DLQ% and retry topics itself.
    // Both versions of the payment timer: order-service consumes v1 as long as older consumers may have
    // scheduled checks on it.
    public static final List<String> DEFAULT_TOPICS = List.of(
            "seckill-order-placed-v1", "seckill-order-paid-v1", "seckill-order-cancelled-v1", "seckill-order-payment-due-v1",
            "seckill-order-payment-due-v2");

    private static final String LOGBACK_CONFIG_PROPERTY = "logback.configurationFile";

    private final InfraOptions options;
    /** Started servers, most recent first. Guarded by {@code this}. */
    private final Deque<Running> running = new ArrayDeque<>();
    private boolean stopping;

    private record Running(String name, AutoCloseable server) {
    }

    InfraMain(InfraOptions options) {
        this.options = options;
    }

    public static void main(String[] args) {
        // Before the first logger exists; the -D form still wins.
        if (System.getProperty(LOGBACK_CONFIG_PROPERTY) == null) {
            System.setProperty(LOGBACK_CONFIG_PROPERTY, "dev-infra-logback.xml");
        }
        InfraOptions options;
        try {
            options = InfraOptions.parse(args);
        } catch (IllegalArgumentException e) {
            say("bad arguments: %s", e.getMessage());
            System.out.println(InfraOptions.USAGE);
            System.exit(1);
            return;
        }
        InfraMain infra = new InfraMain(options);
        // Registered before starting anything, so that a stop during start-up closes what is already up.
        Runtime.getRuntime().addShutdownHook(new Thread(infra::stop, "dev-infra-stop"));
        if (!infra.start()) {
            System.exit(1);
        }
        awaitTermination();
    }

    /** Starts the servers asked for; false (after closing what had started) when one of them fails. */
    boolean start() {
        long begin = System.nanoTime();
        Map<String, String> ready = new LinkedHashMap<>();
        String step = "ready file";
        try {
            Files.deleteIfExists(options.readyFile()); // a stale one from a killed run must not look like success
            step = "data dir";
            Files.createDirectories(options.dataDir());

            if (options.redisPort().isPresent()) {
                step = "redis";
                long t = System.nanoTime();
                Path dir = options.dataDir().resolve("redis");
                EmbeddedRedis redis = track(step, EmbeddedRedis.start(dir, options.redisPort().getAsInt()));
                ready.put("redis.url", redis.url());
                say("redis    ready at %s in %s (dir %s)", redis.url(), since(t), dir);
            }
            if (options.mysqlPort().isPresent()) {
                step = "mysql";
                long t = System.nanoTime();
                Path dir = options.dataDir().resolve("mariadb");
                EmbeddedMariaDb mysql = track(step, EmbeddedMariaDb.start(dir, options.mysqlPort().getAsInt()));
                ready.put("mysql.url", mysql.jdbcUrl());
                say("mysql    ready at %s (MariaDB, user %s, empty password) in %s (data %s)",
                    mysql.jdbcUrl(), mysql.user(), since(t), dir);
            }
            if (options.rocketMq()) {
                step = "rocketmq";
                long t = System.nanoTime();
                Path dir = options.dataDir().resolve("rocketmq");
                TransactionChecks checks = TransactionChecks.fromEnv(System.getenv());
                EmbeddedRocketMq mq = track(step, EmbeddedRocketMq.builder(dir)
                    .namesrvPort(options.namesrvPort())
                    .brokerPort(options.brokerPort())
                    .topics(options.topics())
                    .transactionChecks(checks)
                    .start());
                ready.put("rocketmq.namesrv", mq.namesrvAddress());
                say("rocketmq ready: name server %s, broker %s, topics %s in %s (data %s, logs %s); transaction check-backs %s",
                    mq.namesrvAddress(), mq.brokerAddress(), options.topics(), since(t), dir,
                    RocketMqLogging.logRoot(), checks);
            }
            step = "ready file";
            writeReadyFile(ready);
            say("all up in %s; ready file %s", since(begin), options.readyFile());
            return true;
        } catch (Exception | LinkageError | OutOfMemoryError e) {
            say("%s failed to start: %s", step, oneLine(e));
            e.printStackTrace(System.err);
            stop();
            return false;
        }
    }

    /** Idempotent; runs in the shutdown hook. */
    synchronized void stop() {
        if (stopping) {
            return;
        }
        stopping = true;
        try {
            Files.deleteIfExists(options.readyFile());
        } catch (IOException e) {
            say("could not delete ready file %s: %s", options.readyFile(), e.getMessage());
        }
        while (!running.isEmpty()) {
            Running next = running.pop();
            long t = System.nanoTime();
            try {
                next.server().close();
                say("%-8s stopped in %s", next.name(), since(t));
            } catch (Exception e) {
                say("%-8s did not stop cleanly: %s", next.name(), oneLine(e));
            }
        }
    }

    private synchronized <T extends AutoCloseable> T track(String name, T server) throws Exception {
        if (stopping) {
            // Asked to stop while this one was starting: nobody else will close it.
            server.close();
            throw new IllegalStateException("stopped while starting");
        }
        running.push(new Running(name, server));
        return server;
    }

    private synchronized void writeReadyFile(Map<String, String> entries) throws IOException {
        if (stopping) {
            throw new IllegalStateException("stopped while starting");
        }
        StringBuilder text = new StringBuilder();
        entries.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        Path readyFile = options.readyFile();
        Path parent = readyFile.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        // Write then rename: a reader never sees a half-written file.
        Path tmp = readyFile.resolveSibling(readyFile.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, readyFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void awaitTermination() {
        CountDownLatch never = new CountDownLatch(1);
        while (true) {
            try {
                never.await();
            } catch (InterruptedException e) {
                // only the shutdown hook ends this process
            }
        }
    }

    static String oneLine(Throwable e) {
        StringBuilder line = new StringBuilder(describe(e));
        Throwable cause = e.getCause();
        while (cause != null && cause != e) {
            String text = describe(cause);
            if (line.indexOf(text) < 0) {
                line.append(" <- ").append(text);
            }
            e = cause;
            cause = cause.getCause();
        }
        return line.toString().replaceAll("\\s*[\\r\\n]+\\s*", " | ");
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String since(long startNanos) {
        return String.format(Locale.ROOT, "%.2f s", (System.nanoTime() - startNanos) / 1e9);
    }

    private static void say(String format, Object... args) {
        System.out.println("dev-infra: " + String.format(Locale.ROOT, format, args));
        System.out.flush();
    }
}
