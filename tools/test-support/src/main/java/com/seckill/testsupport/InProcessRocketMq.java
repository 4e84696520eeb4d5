package com.seckill.testsupport;

import com.seckill.devinfra.EmbeddedRocketMq;
import com.seckill.devinfra.TransactionChecks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one in-process broker of a test JVM: fresh data under target/rocketmq-it, gone with the JVM. */
final class InProcessRocketMq {

    private static final Logger log = LoggerFactory.getLogger(InProcessRocketMq.class);

    /**
     * A full broker shutdown takes ~15 s of graceful waits, on every test JVM's exit. The data is thrown away
     * at the next start anyway, so the exit waits only this long before the JVM just ends.
     */
    private static final long CLOSE_WAIT_MILLIS = TimeUnit.SECONDS.toMillis(3);

    /**
     * Tests want a check-back within seconds, not after the dev broker's 6-16 s; and still a window of ~2
     * minutes (120 rounds), because a test may start a whole order-service context (10-30 s on a busy box)
     * before anybody can answer, as after a restart. Each round rewrites the few undecided half messages a
     * test leaves: nothing.
     */
    static final TransactionChecks TRANSACTION_CHECKS = new TransactionChecks(Duration.ofSeconds(3), Duration.ofSeconds(1), 120);

    private InProcessRocketMq() {
    }

    static EmbeddedRocketMq start() {
        long begin = System.nanoTime();
        Path root = moduleDir().resolve("target").resolve("rocketmq-it");
        // One directory per JVM, so that parallel test forks of a module never wipe each other's broker.
        Path dir = root.resolve("jvm-" + ProcessHandle.current().pid());
        deleteLeftovers(root);
        deleteRecursively(dir);
        EmbeddedRocketMq mq = EmbeddedRocketMq.builder(dir)
            .transactionChecks(TRANSACTION_CHECKS)
            .start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> closeBriefly(mq), "in-process-rocketmq-stop"));
        log.info("In-process RocketMQ for tests: name server {}, broker {}, data {}, up in {} ms",
            mq.namesrvAddress(), mq.brokerAddress(), dir, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
        return mq;
    }

    private static void closeBriefly(EmbeddedRocketMq mq) {
        Thread closer = new Thread(mq::close, "in-process-rocketmq-close");
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(CLOSE_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Maven runs tests in the module directory and passes it as {@code basedir}; an IDE usually does the former. */
    private static Path moduleDir() {
        String basedir = System.getProperty("basedir");
        return Path.of(basedir != null ? basedir : "").toAbsolutePath();
    }

    /** Directories of earlier test JVMs that are no longer running. */
    private static void deleteLeftovers(Path root) {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> runs = Files.list(root)) {
            runs.filter(run -> !isRunning(run.getFileName().toString())).forEach(InProcessRocketMq::deleteRecursively);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + root, e);
        }
    }

    private static boolean isRunning(String runDirName) {
        if (!runDirName.startsWith("jvm-")) {
            return false;
        }
        try {
            long pid = Long.parseLong(runDirName.substring("jvm-".length()));
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
