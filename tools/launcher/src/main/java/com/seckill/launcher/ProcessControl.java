package com.seckill.launcher;

import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Starts detached processes and stops them with everything they spawned. Knows nothing about the
 * suite: a process is a name, a command, an environment and a log file.
 */
public final class ProcessControl {

    public enum Outcome {
        /** Exited on SIGTERM within the grace period. */
        STOPPED,
        /** Needed SIGKILL (grace period over, or --kill). */
        KILLED,
        NOT_RUNNING,
        /** Only a stale pid file was left; it is removed. */
        STALE_PIDFILE,
        /** Still alive even after SIGKILL; the pid file is kept so status shows it. */
        FAILED
    }

    /**
     * @param descendantsStopped descendants that outlived their parent and had to be stopped here
     */
    public record StopResult(String name, Outcome outcome, long pid, Duration took, int descendantsStopped) {
    }

    private static final Duration DESCENDANT_GRACE = Duration.ofSeconds(5);
    private static final Duration AFTER_KILL = Duration.ofSeconds(10);

    // setsid puts each process in its own session: Ctrl-C on `./seckill up` or closing the terminal
    // must not take the suite down with the launcher. Without it (non-Linux), processes still outlive
    // the launcher but share its process group.
    private static final String SETSID = Files.isExecutable(Path.of("/usr/bin/setsid")) ? "/usr/bin/setsid"
            : Files.isExecutable(Path.of("/bin/setsid")) ? "/bin/setsid" : null;

    private final Path pidsDir;

    public ProcessControl(Path pidsDir) {
        this.pidsDir = pidsDir;
    }

    public PidFile pidFile(String name) {
        return new PidFile(pidsDir.resolve(name + ".pid"));
    }

    public ProcessState state(String name) {
        return pidFile(name).state();
    }

    public Optional<ProcessHandle> running(String name) {
        return pidFile(name).liveProcess();
    }

    /**
     * Starts a process whose output is appended to {@code logFile} by the OS, not by us: it keeps
     * running, and logging, after the launcher exits.
     *
     * @param env laid over the launcher's own environment (null values are skipped)
     */
    public ProcessHandle start(String name, List<String> command, Map<String, String> env, Path workDir,
                               Path logFile) throws IOException {
        Files.createDirectories(workDir);
        Files.createDirectories(logFile.getParent());
        Files.writeString(logFile, "==== seckill: " + Instant.now() + " starting " + name + "\n==== "
                        + String.join(" ", command) + "\n",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        List<String> full = new ArrayList<>();
        if (SETSID != null) {
            full.add(SETSID);
        }
        full.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(full)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(logFile.toFile()))
                .redirectInput(Redirect.from(new File("/dev/null")));
        env.forEach((k, v) -> {
            if (k != null && v != null) {
                pb.environment().put(k, v);
            }
        });
        Process process = pb.start();
        // setsid execs in place (a freshly forked child is never a group leader), so this pid is the JVM's.
        ProcessHandle handle = process.toHandle();
        pidFile(name).write(handle);
        return handle;
    }

    /**
     * SIGTERM, wait up to {@code grace}, then SIGKILL; with {@code kill}, SIGKILL at once. Then stops
     * whatever the process spawned and left behind. Descendants are collected before the first
     * signal: once the parent is gone they are re-parented and can no longer be found from it.
     */
    public StopResult stop(String name, Duration grace, boolean kill) throws IOException {
        long t0 = System.nanoTime();
        PidFile pidFile = pidFile(name);
        Optional<PidFile.Entry> entry = pidFile.read();
        if (entry.isEmpty()) {
            return new StopResult(name, Outcome.NOT_RUNNING, -1, Duration.ZERO, 0);
        }
        Optional<ProcessHandle> live = pidFile.liveProcess();
        if (live.isEmpty()) {
            pidFile.delete();
            return new StopResult(name, Outcome.STALE_PIDFILE, entry.get().pid(), Duration.ZERO, 0);
        }
        ProcessHandle root = live.get();
        Set<ProcessHandle> tree = new LinkedHashSet<>(root.descendants().toList());
        boolean forced = kill;
        if (kill) {
            root.destroyForcibly();
            tree.forEach(ProcessHandle::destroyForcibly);
        } else {
            root.destroy();
            if (!awaitExit(List.of(root), grace)) {
                tree.addAll(root.descendants().toList());
                root.destroyForcibly();
                forced = true;
            }
        }
        boolean rootGone = awaitExit(List.of(root), AFTER_KILL);

        // Polite first: an orphaned mysqld flushes its tables on SIGTERM.
        List<ProcessHandle> left = tree.stream().filter(Procs::isRunning).toList();
        if (!left.isEmpty()) {
            left.forEach(ProcessHandle::destroy);
            if (!awaitExit(left, DESCENDANT_GRACE)) {
                left.forEach(ProcessHandle::destroyForcibly);
                awaitExit(left, AFTER_KILL);
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        if (!rootGone) {
            return new StopResult(name, Outcome.FAILED, root.pid(), took, left.size());
        }
        pidFile.delete();
        return new StopResult(name, forced ? Outcome.KILLED : Outcome.STOPPED, root.pid(), took, left.size());
    }

    static boolean awaitExit(Collection<ProcessHandle> processes, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (processes.stream().noneMatch(Procs::isRunning)) {
                return true;
            }
            if (System.nanoTime() >= deadline) {
                return false;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
