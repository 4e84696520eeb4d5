package com.seckill.order.id;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.springframework.context.SmartLifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * This instance's worker id, leased in Redis ({@link WorkerIdLeases}) so that no two running instances
 * hold the same one: taken at start-up with {@code SET NX PX} from a random id on (the next free one),
 * renewed every {@code renew-every} while the instance lives, given back on shutdown.
 *
 * <p>Ids are made only while the lease is surely this instance's ({@link Lease}: until the last
 * successful renewal was <em>sent</em>, plus the ttl, minus the margin). If Redis does not answer for
 * that long, {@link #workerIdAt} answers {@link #NONE} and orders are refused with 503 rather than risk
 * an id another instance may make too; once Redis answers, the lease is renewed, or, if it ran out in
 * Redis as well, a new one is taken.
 *
 * <p>Started before the web server takes requests, stopped after it has stopped (and the group commit
 * with it), while Redis is still there ({@link #getPhase()}).
 */
final class LeasedWorkerId implements WorkerIdSource, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LeasedWorkerId.class);

    private final WorkerIdLeases leases;
    private final LeaseSettings settings;
    private final Clock clock;
    /** The id tried first; -1: a random one. The same one again after a lease is lost. */
    private int preferred;

    private volatile Lease lease; // null: none; written under this
    private boolean running; // guarded by this
    private ScheduledExecutorService scheduler; // guarded by this
    private int failedRenewals; // one round at a time (keep())
    private boolean lapseReported; // one round at a time (keep())
    /** What kept the last take from succeeding, logged once until it changes or a lease is taken. */
    private String takeProblem; // one round at a time (keep())

    LeasedWorkerId(WorkerIdLeases leases, LeaseSettings settings, Clock clock, int preferred) {
        this.leases = leases;
        this.settings = settings;
        this.clock = clock;
        this.preferred = preferred;
    }

    @Override
    public int workerIdAt(long epochMillis) {
        Lease current = lease;
        return current != null && current.permits(epochMillis) ? current.workerId() : NONE;
    }

    /** The lease as it stands (null: none), for tests and log lines. */
    Lease lease() {
        return lease;
    }

    /**
     * Takes a lease here, so that the web server usually opens with one (if Redis does not answer, the
     * instance starts all the same and refuses orders until it does), then keeps it from a thread of its own.
     */
    @Override
    public void start() {
        synchronized (this) {
            if (running) {
                return;
            }
            running = true;
            scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "worker-id-lease");
                thread.setDaemon(true);
                return thread;
            });
        }
        keep();
    }

    /**
     * No id is made from here on; then the lease is given back if still ours (compare-and-delete in
     * Redis, the key kept the margin longer, see {@code release-worker-id.lua}). A lease that cannot be
     * given back runs out by itself within the ttl.
     */
    @Override
    public void stop() {
        ScheduledExecutorService stopping;
        Lease held;
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
            stopping = scheduler;
            scheduler = null;
            held = lease;
            lease = null;
        }
        stopping.shutdownNow();
        try {
            // a renewal in flight must not reach Redis after the release and extend the key again
            stopping.awaitTermination(settings.retryEvery().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (held == null) {
            return;
        }
        try {
            if (leases.release(held.workerId(), settings.margin())) {
                log.info("Order ids: gave back worker id {} (key {})", held.workerId(), leases.keyOf(held.workerId()));
            } else {
                log.warn("Order ids: worker id {} was no longer this instance's lease when giving it back", held.workerId());
            }
        } catch (RuntimeException e) {
            log.warn("Order ids: could not give back worker id {} ({}); its lease runs out by itself within {}",
                    held.workerId(), e.getMessage(), settings.ttl());
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return running;
    }

    /**
     * Below the web server (stopped after it, so after the last order was placed) and the group
     * commit, above Redis's connection factory (phase 0, so Redis is still there to give the id back).
     */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    /** One round: renew the lease held, or take one; then schedules the next round. */
    private void keep() {
        Duration next;
        try {
            Lease current = lease;
            next = current == null ? take() : renew(current);
        } catch (RuntimeException e) {
            // not expected (Redis failures are handled below): keep trying rather than stop keeping the lease
            log.error("Order ids: keeping the worker-id lease failed", e);
            next = settings.retryEvery();
        }
        synchronized (this) {
            if (running) {
                scheduler.schedule(this::keep, next.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private Duration take() {
        int ids = leases.ids();
        int first = preferred >= 0 ? preferred : ThreadLocalRandom.current().nextInt(ids);
        for (int i = 0; i < ids; i++) {
            int candidate = (first + i) % ids;
            long sentAt = clock.millis();
            boolean free;
            try {
                free = leases.take(candidate, settings.ttl());
            } catch (RuntimeException e) {
                reportTakeProblem("no-answer", Level.WARN, "could not lease a worker id (" + e.getMessage()
                        + "); orders are refused until one is leased, trying again every " + settings.retryEvery());
                return settings.retryEvery();
            }
            if (free) {
                Lease taken = Lease.taken(candidate, sentAt, clock.millis(), settings);
                if (!install(taken)) {
                    return settings.retryEvery(); // stopped meanwhile; stop() cannot see this lease, it runs out
                }
                preferred = candidate;
                failedRenewals = 0;
                lapseReported = false;
                takeProblem = null;
                log.info("Order ids: leased worker id {} (key {}, holder {}, ttl {}, renewed every {})", candidate,
                        leases.keyOf(candidate), leases.holder(), settings.ttl(), settings.renewEvery());
                return settings.renewEvery();
            }
        }
        reportTakeProblem("all-taken", Level.ERROR, "all " + ids + " worker ids are leased by other instances; orders are refused until one is free");
        return settings.retryEvery();
    }

    /** Retried every retry-every: the same problem is logged once, then at DEBUG. */
    private void reportTakeProblem(String kind, Level level, String problem) {
        Level logged = kind.equals(takeProblem) ? Level.DEBUG : level;
        takeProblem = kind;
        log.atLevel(logged).log("Order ids: {}", problem);
    }

    private Duration renew(Lease current) {
        long sentAt = clock.millis();
        boolean renewed;
        try {
            renewed = leases.renew(current.workerId(), settings.ttl());
        } catch (RuntimeException e) {
            failedRenewals++;
            long left = current.validUntil() - clock.millis();
            if (left > 0) {
                log.warn("Order ids: could not renew the lease on worker id {} ({}, {} in a row); ids are made for {} ms more, "
                        + "trying again in {}", current.workerId(), e.getMessage(), failedRenewals, left, settings.retryEvery());
            } else if (!lapseReported) {
                lapseReported = true;
                log.error("Order ids: the lease on worker id {} has run out at {}, no renewal got through since {} (last error: {}); "
                        + "orders are refused until Redis answers", current.workerId(), Instant.ofEpochMilli(current.validUntil()),
                        Instant.ofEpochMilli(current.validUntil() - settings.ttl().toMillis() + settings.margin().toMillis()), e.getMessage());
            }
            return settings.retryEvery();
        }
        if (renewed) {
            install(current.renewedAt(sentAt, settings));
            if (failedRenewals > 0 || lapseReported) {
                log.info("Order ids: renewed the lease on worker id {} again after {} failed attempts", current.workerId(), failedRenewals);
            }
            failedRenewals = 0;
            lapseReported = false;
            return settings.renewEvery();
        }
        // The key ran out in Redis (this instance did not renew in time) and may have been taken since:
        // no id under it from now on, then a new lease (the same id first, if it is free).
        install(null);
        String holder = holderOf(current.workerId());
        log.error("Order ids: lost the lease on worker id {}: its key {} is {}; no ids until a new lease is taken",
                current.workerId(), leases.keyOf(current.workerId()), holder == null ? "gone" : "held by " + holder);
        failedRenewals = 0;
        lapseReported = false;
        return take();
    }

    /** Whether the lease is now the given one (false: stopped meanwhile, and nothing changes). */
    private synchronized boolean install(Lease next) {
        if (!running) {
            return false;
        }
        lease = next;
        return true;
    }

    private String holderOf(int workerId) {
        try {
            return leases.holderOf(workerId);
        } catch (RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
