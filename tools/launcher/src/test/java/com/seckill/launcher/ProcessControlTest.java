package com.seckill.launcher;

import com.seckill.launcher.fake.Sleeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ProcessControlTest {

    @TempDir
    Path home;

    private final List<ProcessHandle> spawned = new ArrayList<>();

    @AfterEach
    void leaveNothingBehind() {
        for (ProcessHandle h : spawned) {
            h.descendants().forEach(ProcessHandle::destroyForcibly);
            h.destroyForcibly();
        }
    }

    @Test
    void stopEndsTheProcessAndTheNativeChildItLeftBehind() throws Exception {
        ProcessControl pc = new ProcessControl(home.resolve("pids"));
        ProcessHandle sleeper = startSleeper(pc, "sleeper");
        ProcessHandle child = awaitChild(sleeper);

        assertThat(pc.state("sleeper")).isEqualTo(ProcessState.RUNNING);
        assertThat(Files.readString(home.resolve("logs/sleeper.log"))).contains("starting sleeper");

        ProcessControl.StopResult r = pc.stop("sleeper", Duration.ofSeconds(10), false);

        assertThat(r.outcome()).isEqualTo(ProcessControl.Outcome.STOPPED);
        assertThat(r.descendantsStopped()).isEqualTo(1);
        assertThat(Procs.isRunning(sleeper)).isFalse();
        assertThat(Procs.isRunning(child)).isFalse();
        assertThat(pc.state("sleeper")).isEqualTo(ProcessState.STOPPED);
        assertThat(Files.exists(home.resolve("pids/sleeper.pid"))).isFalse();
    }

    @Test
    void aProcessThatIgnoresSigtermIsKilledAfterTheGracePeriod() throws Exception {
        ProcessControl pc = new ProcessControl(home.resolve("pids"));
        ProcessHandle sleeper = startSleeper(pc, "stubborn", "stubborn");
        ProcessHandle child = awaitChild(sleeper);

        ProcessControl.StopResult r = pc.stop("stubborn", Duration.ofMillis(800), false);

        assertThat(r.outcome()).isEqualTo(ProcessControl.Outcome.KILLED);
        assertThat(Procs.isRunning(sleeper)).isFalse();
        assertThat(Procs.isRunning(child)).isFalse();
    }

    @Test
    void killDoesNotWaitForAGracefulExit() throws Exception {
        ProcessControl pc = new ProcessControl(home.resolve("pids"));
        ProcessHandle sleeper = startSleeper(pc, "stubborn", "stubborn");
        ProcessHandle child = awaitChild(sleeper);

        ProcessControl.StopResult r = pc.stop("stubborn", Duration.ofSeconds(60), true);

        assertThat(r.outcome()).isEqualTo(ProcessControl.Outcome.KILLED);
        assertThat(r.took()).isLessThan(Duration.ofSeconds(10));
        assertThat(Procs.isRunning(child)).isFalse();
    }

    @Test
    void theProcessRunsInItsOwnSessionSoCtrlCOnTheLauncherDoesNotReachIt() throws Exception {
        ProcessControl pc = new ProcessControl(home.resolve("pids"));
        ProcessHandle sleeper = startSleeper(pc, "sleeper");

        // the pid file names the JVM itself, not a wrapper (setsid execs in place, a moment later)
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(sleeper.info().command()).hasValueSatisfying(c -> assertThat(c).endsWith("java")));
        assertThat(pc.state("sleeper")).isEqualTo(ProcessState.RUNNING);
        String stat = Files.readString(Path.of("/proc", Long.toString(sleeper.pid()), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields after the name: state, ppid, pgrp, session
        assertThat(Long.parseLong(f[3])).isEqualTo(sleeper.pid());
        pc.stop("sleeper", Duration.ofSeconds(10), false);
    }

    @Test
    void aPidFileWhoseProcessIsGoneIsReportedAndCleanedUp() throws Exception {
        ProcessControl pc = new ProcessControl(home.resolve("pids"));
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        pc.pidFile("product-service").write(gone.toHandle());

        assertThat(pc.state("product-service")).isEqualTo(ProcessState.DEAD_PIDFILE);
        assertThat(pc.running("product-service")).isEmpty();

        ProcessControl.StopResult r = pc.stop("product-service", Duration.ofSeconds(1), false);

        assertThat(r.outcome()).isEqualTo(ProcessControl.Outcome.STALE_PIDFILE);
        assertThat(pc.state("product-service")).isEqualTo(ProcessState.STOPPED);
        assertThat(pc.stop("product-service", Duration.ofSeconds(1), false).outcome())
                .isEqualTo(ProcessControl.Outcome.NOT_RUNNING);
    }

    @Test
    void aReusedPidIsNeverTakenForOurProcess() throws Exception {
        ProcessControl pc = new ProcessControl(home.resolve("pids"));
        // our own (live) pid, but with a start time from another process's life
        Files.createDirectories(home.resolve("pids"));
        Files.writeString(home.resolve("pids/gateway-service.pid"), ProcessHandle.current().pid() + "\n12345\n");

        assertThat(pc.state("gateway-service")).isEqualTo(ProcessState.DEAD_PIDFILE);
        assertThat(pc.stop("gateway-service", Duration.ofSeconds(1), false).outcome())
                .isEqualTo(ProcessControl.Outcome.STALE_PIDFILE);
        assertThat(ProcessHandle.current().isAlive()).isTrue();
    }

    @Test
    void garbageInAPidFileCountsAsDead() throws Exception {
        ProcessControl pc = new ProcessControl(home.resolve("pids"));
        Files.createDirectories(home.resolve("pids"));
        Files.writeString(home.resolve("pids/infra.pid"), "not a pid\n");

        assertThat(pc.state("infra")).isEqualTo(ProcessState.DEAD_PIDFILE);
    }

    private ProcessHandle startSleeper(ProcessControl pc, String name, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx16m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", FakeRepo.testClasses().toString(), Sleeper.class.getName()));
        cmd.addAll(List.of(args));
        ProcessHandle h = pc.start(name, cmd, Map.of(), home.resolve("run").resolve(name),
                home.resolve("logs").resolve(name + ".log"));
        spawned.add(h);
        return h;
    }

    private static ProcessHandle awaitChild(ProcessHandle parent) {
        await().atMost(Duration.ofSeconds(10)).until(() -> parent.descendants().findAny().isPresent());
        return parent.descendants().findFirst().orElseThrow();
    }
}
