package com.seckill.order.id;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.seckill.testsupport.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Worker-id leases on the real Redis: holders started together never hold the same id or make the same
 * order id; a holder cut off from Redis stops making ids before its lease can pass to another, which
 * gets the id only once Redis has let it expire; a holder whose Redis comes back carries on.
 *
 * <p>Each test uses keys of its own ({@code it:worker-id:<uuid>:}), never the suite's, and pools of
 * ids smaller than 1,024 where it wants them all taken.
 */
class WorkerLeaseIT {

    /** Short enough for a test, in the production proportions (renewal a third of the ttl). */
    private static final LeaseSettings FAST = new LeaseSettings(Duration.ofMillis(3_000), Duration.ofMillis(1_000),
            Duration.ofMillis(300), Duration.ofMillis(500));

    private static TestRedis redis;

    private final List<LeasedWorkerId> holders = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> closeAfter = new ArrayList<>();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private String prefix;

    @BeforeAll
    static void connect() {
        redis = TestRedis.at(TestServers.redisUrl());
    }

    @AfterAll
    static void disconnect() {
        redis.close();
    }

    @BeforeEach
    void setUp() {
        prefix = "it:worker-id:" + UUID.randomUUID() + ":";
        // Outside a Spring context Logback logs everything, Lettuce's and Netty's debug included.
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.INFO);
        logs.start();
        ((Logger) LoggerFactory.getLogger(LeasedWorkerId.class)).addAppender(logs);
    }

    @AfterEach
    void tearDown() throws Exception {
        holders.forEach(LeasedWorkerId::stop);
        for (AutoCloseable each : closeAfter) {
            each.close();
        }
        ((Logger) LoggerFactory.getLogger(LeasedWorkerId.class)).detachAppender(logs);
    }

    @Test
    void holdersStartedTogetherNeverHoldTheSameIdNorMakeTheSameOrderId() throws Exception {
        int count = 48;
        // All try id 0 first: the most contention there can be.
        List<LeasedWorkerId> started = startTogether(count, 1024, i -> 0, FAST);

        assertThat(started).allSatisfy(holder -> assertThat(holder.lease()).isNotNull());
        List<Integer> ids = started.stream().map(holder -> holder.lease().workerId()).toList();
        assertThat(ids).doesNotHaveDuplicates();
        for (LeasedWorkerId holder : started) {
            int id = holder.lease().workerId();
            assertThat(redis.template.opsForValue().get(prefix + id)).as("key of id " + id).isEqualTo(holderName(started.indexOf(holder)));
        }

        Set<Long> made = ConcurrentHashMap.newKeySet();
        AtomicLong attempts = new AtomicLong();
        runTogether(started.stream().<Callable<Void>>map(holder -> () -> {
            OrderIdGenerator generator = new OrderIdGenerator(holder, Clock.systemUTC());
            for (int i = 0; i < 5_000; i++) {
                made.add(generator.next());
                attempts.incrementAndGet();
            }
            return null;
        }).toList());
        assertThat(made).hasSize((int) attempts.get()).hasSize(count * 5_000);
    }

    @Test
    void whenEveryIdIsTakenTheRestHoldNoneUntilOneIsGivenBackAndTheMarginHasPassed() throws Exception {
        List<LeasedWorkerId> started = startTogether(12, 5, i -> -1, FAST);

        List<LeasedWorkerId> holding = started.stream().filter(holder -> holder.lease() != null).toList();
        assertThat(holding).hasSize(5);
        assertThat(holding.stream().map(holder -> holder.lease().workerId()).toList()).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
        List<LeasedWorkerId> waiting = started.stream().filter(holder -> holder.lease() == null).toList();
        assertThat(waiting).allSatisfy(holder -> assertThat(holder.workerIdAt(System.currentTimeMillis())).isEqualTo(WorkerIdSource.NONE));

        LeasedWorkerId leaving = holding.get(0);
        int givenBack = leaving.lease().workerId();
        long beforeRelease = System.currentTimeMillis();
        leaving.stop();

        await().atMost(Duration.ofSeconds(10)).until(() -> waiting.stream().anyMatch(holder -> holder.lease() != null));
        List<LeasedWorkerId> newcomers = waiting.stream().filter(holder -> holder.lease() != null).toList();
        assertThat(newcomers).hasSize(1);
        Lease taken = newcomers.get(0).lease();
        assertThat(taken.workerId()).isEqualTo(givenBack);
        assertThat(taken.validFrom()).as("the id stays taken for the margin after it was given back")
                .isGreaterThanOrEqualTo(beforeRelease + FAST.margin().toMillis());
        assertThat(leaving.workerIdAt(System.currentTimeMillis())).as("the one that left makes no more ids").isEqualTo(WorkerIdSource.NONE);
    }

    @Test
    void aHolderCutOffFromRedisStopsMakingIdsBeforeAnotherCanTakeItsIdWhichHappensOnlyAfterTheTtl() throws Exception {
        RedisLink link = closeAfter(new RedisLink(TestServers.redisUrl()));
        TestRedis throughLink = closeAfter(TestRedis.through(link));
        LeasedWorkerId cutOff = start(new LeasedWorkerId(leases(throughLink, 1, "cut-off"), FAST, Clock.systemUTC(), -1));
        LeasedWorkerId other = start(new LeasedWorkerId(leases(redis, 1, "other"), FAST, Clock.systemUTC(), -1));
        assertThat(cutOff.lease()).isNotNull();
        assertThat(other.lease()).as("the only id is taken").isNull();
        Minter cutOffMinting = closeAfter(new Minter(cutOff));
        await().atMost(Duration.ofSeconds(5)).until(() -> cutOffMinting.made.size() > 100);

        long cutAt = System.currentTimeMillis();
        link.cut();

        await().atMost(Duration.ofSeconds(10)).until(() -> cutOffMinting.firstRefusal.get() > 0);
        Lease lapsed = cutOff.lease();
        assertThat(cutOffMinting.firstRefusal.get()).as("made ids until its lease ran out here, not longer")
                .isGreaterThanOrEqualTo(lapsed.validUntil())
                .isLessThanOrEqualTo(cutAt + FAST.ttl().toMillis() - FAST.margin().toMillis() + 500);
        await().atMost(Duration.ofSeconds(10)).until(() -> other.lease() != null);
        Lease takenOver = other.lease();
        assertThat(takenOver.workerId()).isZero();
        assertThat(takenOver.validFrom()).as("taken only after Redis let the cut-off lease expire, a margin after it ended there")
                .isGreaterThanOrEqualTo(lapsed.validUntil() + FAST.margin().toMillis());
        assertThat(cutOffMinting.made).allSatisfy(id -> assertThat(OrderIdGenerator.createdAt(id).toEpochMilli())
                .isLessThan(lapsed.validUntil()));
        Minter otherMinting = closeAfter(new Minter(other));
        await().atMost(Duration.ofSeconds(5)).until(() -> otherMinting.made.size() > 100);
        assertThat(otherMinting.made).allSatisfy(id -> assertThat(OrderIdGenerator.createdAt(id).toEpochMilli())
                .isGreaterThanOrEqualTo(takenOver.validFrom()));
        assertThat(logged(Level.WARN, "could not renew the lease on worker id 0")).isTrue();

        // Redis answers the cut-off holder again: its lease is gone, and it must not take it back.
        link.restore();

        await().atMost(Duration.ofSeconds(10)).until(() -> logged(Level.ERROR, "lost the lease on worker id 0: its key "
                + prefix + "0 is held by " + holderName("other")));
        assertThat(cutOff.lease()).isNull();
        assertThat(cutOff.workerIdAt(System.currentTimeMillis())).isEqualTo(WorkerIdSource.NONE);
        assertThat(redis.template.opsForValue().get(prefix + 0)).isEqualTo(holderName("other"));
        cutOffMinting.close();
        otherMinting.close();
        Set<Long> both = new HashSet<>(cutOffMinting.made);
        both.retainAll(otherMinting.made);
        assertThat(both).as("ids made by both").isEmpty();
    }

    @Test
    void aHolderWhoseRedisComesBackCarriesOnOrTakesANewLease() throws Exception {
        RedisLink link = closeAfter(new RedisLink(TestServers.redisUrl()));
        TestRedis throughLink = closeAfter(TestRedis.through(link));
        LeaseSettings settings = new LeaseSettings(Duration.ofMillis(4_000), Duration.ofMillis(1_000), Duration.ofMillis(300),
                Duration.ofMillis(500));
        LeasedWorkerId holder = start(new LeasedWorkerId(leases(throughLink, 4, "holder"), settings, Clock.systemUTC(), -1));
        int id = holder.lease().workerId();
        Minter minting = closeAfter(new Minter(holder));

        // Shorter than the lease lasts after a renewal: ids all along.
        link.cut();
        await().atMost(Duration.ofSeconds(5)).until(() -> logged(Level.WARN, "could not renew the lease on worker id " + id));
        link.restore();
        await().atMost(Duration.ofSeconds(5)).until(() -> logged(Level.INFO, "renewed the lease on worker id " + id + " again"));
        assertThat(minting.firstRefusal.get()).as("no order refused").isZero();

        // Longer than the ttl: refused, then a new lease once Redis answers.
        link.cut();
        await().atMost(Duration.ofSeconds(10)).until(() -> minting.firstRefusal.get() > 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.template.opsForValue().get(prefix + id) == null);
        assertThat(holder.workerIdAt(System.currentTimeMillis())).isEqualTo(WorkerIdSource.NONE);
        long restoredAt = System.currentTimeMillis();
        link.restore();

        await().atMost(Duration.ofSeconds(10)).until(() -> holder.workerIdAt(System.currentTimeMillis()) != WorkerIdSource.NONE);
        Lease again = holder.lease();
        assertThat(again.workerId()).as("the same id, it was free").isEqualTo(id);
        assertThat(again.validFrom()).isGreaterThanOrEqualTo(restoredAt);
        assertThat(redis.template.opsForValue().get(prefix + id)).isEqualTo(holderName("holder"));
        assertThat(logged(Level.ERROR, "the lease on worker id " + id + " has run out")).isTrue();
        long madeBefore = minting.made.size();
        await().atMost(Duration.ofSeconds(5)).until(() -> minting.made.size() > madeBefore + 100);
    }

    /** Whether LeasedWorkerId logged a line at that level containing the text. */
    private boolean logged(Level level, String text) {
        List<ILoggingEvent> events;
        synchronized (logs) { // the appender appends under its own lock
            events = new ArrayList<>(logs.list);
        }
        return events.stream().anyMatch(event -> event.getLevel() == level && event.getFormattedMessage().contains(text));
    }

    private WorkerIdLeases leases(TestRedis client, int ids, String name) {
        return new WorkerIdLeases(client.template, prefix, ids, holderName(name), FAST.retryEvery());
    }

    private String holderName(Object name) {
        return "it-holder-" + name;
    }

    private LeasedWorkerId start(LeasedWorkerId holder) {
        holders.add(holder);
        holder.start();
        return holder;
    }

    /** Holders on the shared client, started from as many threads at once. */
    private List<LeasedWorkerId> startTogether(int count, int ids, IntUnaryOperator preferred, LeaseSettings settings)
            throws Exception {
        List<LeasedWorkerId> created = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            created.add(new LeasedWorkerId(leases(redis, ids, Integer.toString(i)), settings, Clock.systemUTC(), preferred.applyAsInt(i)));
        }
        holders.addAll(created);
        runTogether(created.stream().<Callable<Void>>map(holder -> () -> {
            holder.start();
            return null;
        }).toList());
        return created;
    }

    private static void runTogether(List<Callable<Void>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Void>> done = new ArrayList<>();
            for (Callable<Void> task : tasks) {
                done.add(pool.submit(() -> {
                    go.await();
                    return task.call();
                }));
            }
            go.countDown();
            for (Future<Void> each : done) {
                each.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private <T extends AutoCloseable> T closeAfter(T closeable) {
        closeAfter.add(0, closeable);
        return closeable;
    }

    /** Makes an id every ~0.2 ms from a thread of its own, as orders would, and notes the first refusal. */
    private static final class Minter implements AutoCloseable {

        final Set<Long> made = ConcurrentHashMap.newKeySet();
        final AtomicLong firstRefusal = new AtomicLong();
        private final Thread thread;
        private volatile boolean running = true;

        Minter(LeasedWorkerId holder) {
            OrderIdGenerator generator = new OrderIdGenerator(holder, Clock.systemUTC());
            thread = new Thread(() -> {
                while (running) {
                    try {
                        made.add(generator.next());
                    } catch (WorkerIdUnavailable e) {
                        firstRefusal.compareAndSet(0, System.currentTimeMillis());
                    }
                    LockSupport.parkNanos(200_000);
                }
            }, "minter");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join();
        }
    }
}
