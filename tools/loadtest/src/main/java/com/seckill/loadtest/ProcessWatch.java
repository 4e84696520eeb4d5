package com.seckill.loadtest;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples the suite's processes from /proc twice a second: resident memory (peak) and CPU time.
 * The suite's JVMs are found through the launcher's pid files (re-read on every sample, so a restarted
 * service is followed under its name), Redis and MariaDB by their command names, and this tool itself.
 */
final class ProcessWatch implements AutoCloseable {

    /** Linux reports CPU time in clock ticks of 1/100 s on every platform the suite runs on. */
    private static final double TICKS_PER_SECOND = 100;
    private static final Set<String> SERVERS = Set.of("redis-server", "mariadbd", "mysqld");

    /** @param cpuSeconds CPU time (user + system) used between the two marks */
    record Usage(String name, long peakRssKb, double cpuSeconds) {
    }

    private final Path pidsDir;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "process-watch");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Tracked> tracked = new LinkedHashMap<>();

    ProcessWatch(Path pidsDir) {
        this.pidsDir = pidsDir;
    }

    ProcessWatch start() {
        timer.scheduleAtFixedRate(this::sample, 0, 500, TimeUnit.MILLISECONDS);
        return this;
    }

    /** A point to measure from: CPU so far per process, and a fresh peak for memory. */
    synchronized Map<String, Double> mark() {
        sample();
        Map<String, Double> cpu = new LinkedHashMap<>();
        tracked.forEach((name, t) -> {
            cpu.put(name, t.cpuSeconds());
            t.peakSinceMarkKb = t.rssKb;
        });
        return cpu;
    }

    /** Per process since the mark: its peak RSS and the CPU seconds it used. */
    synchronized List<Usage> since(Map<String, Double> mark) {
        sample();
        List<Usage> usage = new ArrayList<>();
        tracked.forEach((name, t) -> usage.add(new Usage(name, t.peakSinceMarkKb,
                t.cpuSeconds() - mark.getOrDefault(name, 0.0))));
        return usage;
    }

    private synchronized void sample() {
        Map<String, Long> pids = new LinkedHashMap<>();
        pids.put("loadtest (this tool)", ProcessHandle.current().pid());
        pids.putAll(launcherPids());
        pids.putAll(serverPids());
        pids.forEach((name, pid) -> readProc(pid).ifPresent(now ->
                tracked.computeIfAbsent(name, n -> new Tracked()).update(pid, now)));
    }

    private Map<String, Long> launcherPids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        if (pidsDir == null || !Files.isDirectory(pidsDir)) {
            return pids;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(pidsDir, "*.pid")) {
            for (Path file : files) {
                String name = file.getFileName().toString().replaceFirst("\\.pid$", "");
                try {
                    List<String> lines = Files.readAllLines(file);
                    if (!lines.isEmpty() && !lines.get(0).isBlank()) {
                        pids.put(name, Long.parseLong(lines.get(0).trim()));
                    }
                } catch (IOException | NumberFormatException e) {
                    // A pid file being rewritten by a restart: the next sample reads it.
                }
            }
        } catch (IOException e) {
            // the folder went away: nothing of the suite to sample
        }
        return pids;
    }

    private static Map<String, Long> serverPids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        ProcessHandle.allProcesses().forEach(p -> {
            try {
                String comm = Files.readString(Path.of("/proc", Long.toString(p.pid()), "comm")).trim();
                if (SERVERS.contains(comm)) {
                    pids.putIfAbsent(comm, p.pid());
                }
            } catch (IOException | RuntimeException gone) {
                // exited between the listing and the read
            }
        });
        return pids;
    }

    /** utime + stime ticks and VmRSS of a live process. */
    private static java.util.Optional<long[]> readProc(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            long rssKb = 0;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rssKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            return java.util.Optional.of(new long[] {ticks, rssKb});
        } catch (IOException | RuntimeException gone) {
            return java.util.Optional.empty();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** One name's history: CPU of processes it had before a restart is kept. */
    private static final class Tracked {
        long pid = -1;
        long ticks;
        long earlierTicks;
        long rssKb;
        long peakSinceMarkKb;

        void update(long newPid, long[] now) {
            if (newPid != pid) {
                earlierTicks += ticks;
                pid = newPid;
            }
            ticks = now[0];
            rssKb = now[1];
            peakSinceMarkKb = Math.max(peakSinceMarkKb, rssKb);
        }

        double cpuSeconds() {
            return (earlierTicks + ticks) / TICKS_PER_SECOND;
        }
    }
}
