package com.seckill.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Linux process facts the JDK's ProcessHandle does not give. */
public final class Procs {

    private Procs() {
    }

    /**
     * Alive and not a zombie. ProcessHandle.isAlive() is true for zombies, and killed orphans stay
     * zombies for as long as PID 1 does not reap them (common in containers); they hold no memory
     * and no ports, so for us they are gone. But a killed JVM's main thread turns zombie first, while its
     * other threads still exit and hold its open ports: gone only once it is a zombie alone.
     */
    public static boolean isRunning(ProcessHandle h) {
        return h.isAlive() && !isZombie(h.pid());
    }

    static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name is in parentheses and may contain spaces; the state follows the last ')'.
            int close = stat.lastIndexOf(')');
            return close > 0 && close + 2 < stat.length() && stat.charAt(close + 2) == 'Z' && threads(pid) <= 1;
        } catch (IOException e) {
            return false;
        }
    }

    private static long threads(long pid) throws IOException {
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return tasks.count();
        }
    }

    /** Resident set size in kB from /proc/<pid>/status, 0 when unknown (gone, or not Linux). */
    static long rssKb(long pid) {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"));
            for (String line : lines) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process exited between listing and reading: it uses nothing
        }
        return 0;
    }

    /** RSS of a process plus all its descendants (embedded mysqld and redis are native children). */
    static long treeRssKb(ProcessHandle h) {
        return rssKb(h.pid()) + h.descendants().mapToLong(d -> rssKb(d.pid())).sum();
    }
}
