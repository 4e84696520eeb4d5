package com.seckill.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code <home>/pids/<name>.pid}: the pid, and the process start time. The start time guards
 * against pid reuse: after a reboot or a long time, the pid may belong to an unrelated process that
 * `down` must never signal.
 */
public final class PidFile {

    /** /proc start times have clock-tick precision; allow a little slack when comparing. */
    private static final long START_TOLERANCE_MS = 1500;

    public record Entry(long pid, Optional<Instant> startedAt) {
    }

    private final Path path;

    public PidFile(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    public void write(ProcessHandle process) throws IOException {
        Files.createDirectories(path.getParent());
        String start = process.info().startInstant().map(i -> Long.toString(i.toEpochMilli())).orElse("");
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        Files.writeString(tmp, process.pid() + "\n" + start + "\n");
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Empty when there is no pid file; an unreadable one is treated like a dead one by callers. */
    public Optional<Entry> read() {
        if (!Files.exists(path)) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(path);
            long pid = Long.parseLong(lines.get(0).trim());
            Optional<Instant> start = lines.size() > 1 && !lines.get(1).isBlank()
                    ? Optional.of(Instant.ofEpochMilli(Long.parseLong(lines.get(1).trim())))
                    : Optional.empty();
            return Optional.of(new Entry(pid, start));
        } catch (IOException | RuntimeException e) {
            return Optional.of(new Entry(-1, Optional.empty()));
        }
    }

    /** The live process this file names, if it is still the same process. */
    public Optional<ProcessHandle> liveProcess() {
        return read().flatMap(e -> e.pid() <= 0 ? Optional.empty() : ProcessHandle.of(e.pid())
                .filter(Procs::isRunning)
                .filter(h -> sameStart(h, e.startedAt())));
    }

    public ProcessState state() {
        if (!Files.exists(path)) {
            return ProcessState.STOPPED;
        }
        return liveProcess().isPresent() ? ProcessState.RUNNING : ProcessState.DEAD_PIDFILE;
    }

    public void delete() throws IOException {
        Files.deleteIfExists(path);
    }

    private static boolean sameStart(ProcessHandle h, Optional<Instant> recorded) {
        if (recorded.isEmpty()) {
            return true;
        }
        Optional<Instant> actual = h.info().startInstant();
        return actual.isEmpty()
                || Math.abs(actual.get().toEpochMilli() - recorded.get().toEpochMilli()) <= START_TOLERANCE_MS;
    }
}
