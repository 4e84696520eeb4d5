package com.seckill.loadtest;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Once a second on stderr: requests done, the last second's rate, errors; so a stuck run is visible. */
final class ProgressLine implements AutoCloseable {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "progress");
        thread.setDaemon(true);
        return thread;
    });
    private final Recorder recorder;
    private final PrintStream err;
    private final String label;
    private long previous;

    ProgressLine(Recorder recorder, PrintStream err) {
        this(recorder, err, "");
    }

    /** @param label what is running, e.g. a bench phase's name; printed before the numbers */
    ProgressLine(Recorder recorder, PrintStream err, String label) {
        this.recorder = recorder;
        this.err = err;
        this.label = label.isEmpty() ? "" : label + ": ";
    }

    ProgressLine start() {
        timer.scheduleAtFixedRate(this::print, 1, 1, TimeUnit.SECONDS);
        return this;
    }

    private void print() {
        long done = recorder.done();
        err.printf(Locale.ROOT, "\r%s%d requests, %d req/s, %d errors   ", label, done, done - previous, recorder.errors());
        previous = done;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        err.println();
    }
}
