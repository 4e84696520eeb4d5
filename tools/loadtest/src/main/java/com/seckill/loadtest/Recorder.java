package com.seckill.loadtest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * Collects every request's outcome. Each thread appends to its own buffer so a burst of thousands of
 * threads never contends on a shared lock while it is being measured; buffers are merged only once,
 * after the workers have finished. Two adders feed the live progress line without touching buffers.
 */
final class Recorder {

    private final Queue<Buffer> buffers = new ConcurrentLinkedQueue<>();
    private final ThreadLocal<Buffer> own = ThreadLocal.withInitial(this::newBuffer);
    private final LongAdder done = new LongAdder();
    private final LongAdder errors = new LongAdder();

    void record(long startEpochMillis, long latencyNanos, int status, String problemCode) {
        own.get().add(startEpochMillis, latencyNanos, status, problemCode);
        done.increment();
        if (status == 0 || status >= 500) {
            errors.increment();
        }
    }

    long done() {
        return done.sum();
    }

    long errors() {
        return errors.sum();
    }

    /**
     * Merges all buffers. Call it only after every recording thread has been joined (or its executor
     * terminated): that join is what makes the buffers' plain writes visible here.
     */
    List<Sample> samples() {
        List<Sample> all = new ArrayList<>();
        for (Buffer buffer : buffers) {
            buffer.drainTo(all);
        }
        return all;
    }

    private Buffer newBuffer() {
        Buffer buffer = new Buffer();
        buffers.add(buffer);
        return buffer;
    }

    /** Parallel primitive arrays rather than a list of records: no allocation per request while measuring. */
    private static final class Buffer {
        private long[] starts = new long[256];
        private long[] latencies = new long[256];
        private int[] statuses = new int[256];
        private String[] codes = new String[256];
        private int size;

        void add(long start, long latency, int status, String code) {
            if (size == starts.length) {
                int capacity = size * 2;
                starts = Arrays.copyOf(starts, capacity);
                latencies = Arrays.copyOf(latencies, capacity);
                statuses = Arrays.copyOf(statuses, capacity);
                codes = Arrays.copyOf(codes, capacity);
            }
            starts[size] = start;
            latencies[size] = latency;
            statuses[size] = status;
            codes[size] = code;
            size++;
        }

        void drainTo(List<Sample> into) {
            for (int i = 0; i < size; i++) {
                into.add(new Sample(starts[i], latencies[i], statuses[i], codes[i]));
            }
        }
    }
}
