package com.seckill.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One line about the box a run measured, so numbers are never read without it. */
final class Machine {

    private Machine() {
    }

    static String describe() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
        } catch (IOException ignored) {
            // not Linux: the rest of the line still says something
        }
        long memoryGb = 0;
        try {
            memoryGb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .findFirst().map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024 / 1024).orElse(0L);
        } catch (IOException ignored) {
            // as above
        }
        return "machine: " + Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), " + memoryGb
                + " GiB, Java " + System.getProperty("java.version") + ", " + System.getProperty("os.name") + " "
                + System.getProperty("os.version");
    }
}
