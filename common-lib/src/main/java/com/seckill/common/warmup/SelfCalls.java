package com.seckill.common.warmup;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * A start-up warm-up's driver: the same request, many times, from a few threads, to this instance's own
 * port. A JVM runs its hot path interpreted until it has run it often enough, and opens its pools and
 * loads its classes on first use: a sale's first burst should not be what pays for that. A cold call may
 * well fail (past a time limit, on a busy box), so failures are counted, and only after
 * {@value #FAILURES_ALLOWED} of them (5xx answers or calls without an answer) does the warm-up stop:
 * then a dependency is missing, and more calls would only wait on it.
 */
public final class SelfCalls {

    public static final int FAILURES_ALLOWED = 10;

    /**
     * @param byStatus answers by HTTP status; {@code failed} the 5xx answers and calls without an answer;
     *                 {@code stoppedBy} the last failure when there were too many, null if the calls ran out
     */
    public record Result(String name, int sent, Map<Integer, Long> byStatus, int failed, Duration took, String stoppedBy) {

        @Override
        public String toString() {
            return name + ": " + sent + " calls in " + took.toMillis() + " ms, answers " + byStatus
                    + (stoppedBy == null ? "" : ", stopped after " + failed + " failures, the last " + stoppedBy);
        }
    }

    /** Call number i of a warm-up, and the HTTP status it got; one that throws got no answer. */
    @FunctionalInterface
    public interface Call {
        int send(int i) throws Exception;
    }

    private SelfCalls() {
    }

    /** {@code request} builds call number i; the calls run {@code concurrency} at a time. */
    public static Result run(String name, int calls, int concurrency, IntFunction<HttpRequest> request) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        return repeat(name, calls, concurrency, i -> http.send(request.apply(i), HttpResponse.BodyHandlers.discarding()).statusCode());
    }

    /** As {@link #run}, for calls made some other way (a service's own client to another service). */
    public static Result repeat(String name, int calls, int concurrency, Call call) {
        Map<Integer, AtomicLong> byStatus = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<String> stoppedBy = new AtomicReference<>();
        long started = System.nanoTime();
        ExecutorService threads = Executors.newFixedThreadPool(Math.max(1, concurrency));
        for (int t = 0; t < Math.max(1, concurrency); t++) {
            threads.execute(() -> {
                for (int i = next.getAndIncrement(); i < calls && stoppedBy.get() == null; i = next.getAndIncrement()) {
                    try {
                        int status = call.send(i);
                        byStatus.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                        if (status >= 500) {
                            fail(failed, stoppedBy, "HTTP " + status);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    } catch (Exception e) {
                        fail(failed, stoppedBy, e.toString());
                    }
                }
            });
        }
        threads.shutdown();
        try {
            threads.awaitTermination(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        threads.shutdownNow();
        Map<Integer, Long> answers = new TreeMap<>();
        byStatus.forEach((status, count) -> answers.put(status, count.get()));
        int sent = (int) answers.values().stream().mapToLong(Long::longValue).sum();
        return new Result(name, sent, answers, failed.get(), Duration.ofNanos(System.nanoTime() - started), stoppedBy.get());
    }

    /** Counts a failure; the one that reaches the allowance stops every thread and is named in the result. */
    private static void fail(AtomicInteger failed, AtomicReference<String> stoppedBy, String failure) {
        if (failed.incrementAndGet() >= FAILURES_ALLOWED) {
            stoppedBy.compareAndSet(null, failure);
        }
    }
}
