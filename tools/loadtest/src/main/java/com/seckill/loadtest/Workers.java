package com.seckill.loadtest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Starts {@code count} threads that all wait on one latch, releases them together, and joins them.
 * Creating threads is slow; doing it before the release keeps that cost out of the burst itself.
 */
final class Workers {

    private Workers() {
    }

    static void runTogether(int count, String name, Runnable body) throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(count);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Thread thread = new Thread(() -> {
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                body.run();
            }, name + "-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        ready.await();
        go.countDown();
        // Joining is also what publishes the recorder's per-thread buffers to the reporting thread.
        for (Thread thread : threads) {
            thread.join();
        }
    }
}
