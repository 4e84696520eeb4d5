package com.seckill.launcher;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls until a process is ready, dies, or runs out of time. */
public final class HealthWaiter {

    public enum Outcome { READY, DIED, TIMED_OUT }

    public record Result(Outcome outcome, Duration elapsed) {
    }

    private final Duration pollEvery;

    public HealthWaiter(Duration pollEvery) {
        this.pollEvery = pollEvery;
    }

    /**
     * @param process checked first on every round: a dead process is reported at once rather than
     *                after the whole timeout
     */
    public Result await(ProcessHandle process, BooleanSupplier ready, Duration timeout, Progress progress) {
        long t0 = System.nanoTime();
        long deadline = t0 + timeout.toNanos();
        while (true) {
            Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
            if (process != null && !Procs.isRunning(process)) {
                return new Result(Outcome.DIED, elapsed);
            }
            if (ready.getAsBoolean()) {
                return new Result(Outcome.READY, Duration.ofNanos(System.nanoTime() - t0));
            }
            if (System.nanoTime() >= deadline) {
                return new Result(Outcome.TIMED_OUT, elapsed);
            }
            if (progress != null) {
                progress.tick(elapsed);
            }
            try {
                Thread.sleep(pollEvery.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Result(Outcome.TIMED_OUT, elapsed);
            }
        }
    }
}
