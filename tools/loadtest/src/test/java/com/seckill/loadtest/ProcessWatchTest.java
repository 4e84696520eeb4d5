package com.seckill.loadtest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

@EnabledOnOs(OS.LINUX)
class ProcessWatchTest {

    private static final String SELF = "loadtest (this tool)";

    @Test
    void reportsCpuAndMemoryOfAProcessNamedByItsPidFile(@TempDir Path pids) throws Exception {
        Files.writeString(pids.resolve("order-service.pid"), ProcessHandle.current().pid() + "\n1700000000000\n");
        try (ProcessWatch watch = new ProcessWatch(pids)) {
            Map<String, Double> mark = watch.mark();
            assertThat(mark).containsKeys("order-service", SELF);

            burnCpu(Duration.ofMillis(300));
            List<ProcessWatch.Usage> usage = watch.since(mark);

            assertThat(usage).filteredOn(u -> u.name().equals("order-service")).singleElement().satisfies(u -> {
                assertThat(u.cpuSeconds()).isPositive();
                assertThat(u.peakRssKb()).isPositive();
            });
            assertThat(usage).filteredOn(u -> u.name().equals(SELF)).singleElement()
                    .satisfies(u -> assertThat(u.cpuSeconds()).isPositive());
        }
    }

    @Test
    void cpuIsCountedFromTheMarkNotFromTheStartOfTheProcess(@TempDir Path pids) throws Exception {
        Files.writeString(pids.resolve("order-service.pid"), ProcessHandle.current().pid() + "\n");
        try (ProcessWatch watch = new ProcessWatch(pids)) {
            burnCpu(Duration.ofMillis(300));
            Map<String, Double> mark = watch.mark();
            double sinceMark = cpu(watch.since(mark), "order-service");
            double sinceStart = cpu(watch.since(Map.of()), "order-service");

            assertThat(sinceStart).isGreaterThanOrEqualTo(mark.get("order-service")).isGreaterThan(sinceMark);
        }
    }

    @Test
    void pidFilesWithGarbageOrDeadProcessesAreIgnored(@TempDir Path pids) throws Exception {
        Files.writeString(pids.resolve("broken.pid"), "not a pid\n");
        Files.writeString(pids.resolve("empty.pid"), "");
        Files.writeString(pids.resolve("gone.pid"), Long.MAX_VALUE + "\n");
        Files.writeString(pids.resolve("order-service.pid.tmp"), ProcessHandle.current().pid() + "\n");
        try (ProcessWatch watch = new ProcessWatch(pids)) {
            assertThatCode(() -> {
                Map<String, Double> mark = watch.mark();
                List<ProcessWatch.Usage> usage = watch.since(mark);
                assertThat(mark).containsKey(SELF).doesNotContainKeys("broken", "empty", "gone", "order-service");
                assertThat(usage).extracting(ProcessWatch.Usage::name).contains(SELF)
                        .doesNotContain("broken", "empty", "gone", "order-service");
            }).doesNotThrowAnyException();
        }
    }

    @Test
    void aMissingPidsFolderStillWatchesTheToolItself(@TempDir Path dir) {
        try (ProcessWatch watch = new ProcessWatch(dir.resolve("no-such-folder"))) {
            assertThat(watch.mark()).containsKey(SELF);
        }
        try (ProcessWatch watch = new ProcessWatch(null)) {
            assertThat(watch.mark()).containsKey(SELF);
        }
    }

    /** Spins until this thread has used {@code cpu} of CPU time; fails after a generous wall-clock deadline. */
    private static void burnCpu(Duration cpu) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long start = threads.getCurrentThreadCpuTime();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        // Asking for this thread's CPU time in a loop is itself the work: nothing for the JIT to remove.
        while (threads.getCurrentThreadCpuTime() - start < cpu.toNanos()) {
            assertThat(System.nanoTime()).as("CPU burnt before the deadline").isLessThan(deadline);
        }
    }

    private static double cpu(List<ProcessWatch.Usage> usage, String name) {
        return usage.stream().filter(u -> u.name().equals(name)).findFirst().orElseThrow().cpuSeconds();
    }
}
