package com.seckill.loadtest;

import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.remoting.exception.RemotingException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The consumer's drain rate, uncapped, on a real backlog: with order-consumer-service stopped,
 * {@code --backlog} accepted orders of a sale of their own are put in front of it, then it is started
 * without its write cap while their rows are counted in MySQL every 100 ms.
 *
 * <p>The orders are ordinary: a sale created through the admin API, each order's unit reserved by
 * inventory's own reservation script in Redis (as order-service has inventory do), and its
 * {@code OrderPlacedEvent} sent to order-service's topic. So inventory's stock ledger records them as it
 * records any order, and the admin stock check adds up at every moment. By default they carry no payBy
 * (valid in version 1 of the event): the consumer schedules no payment timer for them and they stay
 * CREATED, their units locked, for good. With {@code --pay-within} they are due like real orders: the
 * drain then includes a timer per order, and order-service cancels every one of them when it fires,
 * which returns their units and costs the suite about as much CPU as the drain (see the README).
 */
final class DrainPhase {

    /**
     * What the phase found. CPU per process: {@code drainUsage} from the first poll that saw rows to the
     * one that saw them all, while {@code drainUsageOrders} orders were written; {@code phaseUsage} from
     * the consumer's start (its JVM start-up included) to the end.
     */
    record Result(int orders, List<String> orderIds, Duration reserved, Duration injected, Duration ledger, boolean ledgerCaughtUp,
                  DrainRate rate, List<DrainRate.Poll> polls, List<ProcessWatch.Usage> drainUsage,
                  long drainUsageOrders, List<ProcessWatch.Usage> phaseUsage) {
    }

    static final String CONSUMER = "order-consumer-service";
    private static final Duration POLL = Duration.ofMillis(100);
    /** From the consumer's start (a JVM start on a busy box) to the last row; bounds the bench. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration LEDGER_TIMEOUT = Duration.ofSeconds(90);
    /** Messages per producer batch: a few hundred small bodies, far below the broker's 4 MiB. */
    private static final int SEND_BATCH = 256;

    private final BenchSettings settings;
    private final ShopAdmin admin;
    private final Launcher launcher;
    private final ProcessWatch watch;
    private final String runId;

    DrainPhase(BenchSettings settings, ShopAdmin admin, Launcher launcher, ProcessWatch watch, String runId) {
        this.settings = settings;
        this.admin = admin;
        this.launcher = launcher;
        this.watch = watch;
        this.runId = runId;
    }

    /** Runs the phase on a new sale of exactly the backlog's units; leaves the consumer running uncapped. */
    Result run(ShopAdmin.Sale sale) throws Exception {
        int count = settings.backlog();
        launcher.run(Map.of(), "stop", CONSUMER);
        Backlog backlog = Backlog.of(count, sale, runId + "drain-", Instant.now(), settings.payWithin());

        say("reserving the backlog's " + count + " units in Redis with inventory's reservation script");
        long t = System.nanoTime();
        reserve(backlog);
        Duration reserved = since(t);
        say("sending " + count + " OrderPlacedEvents to " + Backlog.TOPIC + " (name server " + settings.rocketmqNamesrv() + ")");
        t = System.nanoTime();
        send(backlog);
        Duration injected = since(t);
        say(String.format(java.util.Locale.ROOT, "sent in %.1f s; waiting for inventory's stock ledger to record them",
                injected.toNanos() / 1e9));
        t = System.nanoTime();
        boolean ledgerCaughtUp = awaitLedger(sale.activityId(), count);
        Duration ledger = since(t);

        say("starting " + CONSUMER + " without its write cap; counting the sale's rows every " + POLL.toMillis() + " ms");
        Map<String, Double> startMark = watch.mark();
        Poller poller = new Poller(backlog);
        Thread polling = new Thread(poller, "drain-poller");
        polling.setDaemon(true);
        polling.start();
        try {
            launcher.run(Map.of("SECKILL_DRAIN_MAX_ORDERS_PER_SECOND", "0"), "start", CONSUMER);
        } catch (Exception e) {
            poller.stop = true;
            polling.join();
            throw e;
        }
        polling.join(DRAIN_TIMEOUT.toMillis() + 5_000);
        poller.stop = true;
        if (poller.failure.get() != null) {
            throw new IllegalStateException("counting the backlog's rows failed: " + poller.failure.get(), poller.failure.get());
        }
        DrainRate rate = DrainRate.of(count, poller.polls);
        if (!rate.complete()) {
            say("FAILED: " + rate.rows() + " of " + count + " orders in MySQL " + DRAIN_TIMEOUT.toSeconds()
                    + " s after the consumer was started; see ./seckill logs " + CONSUMER);
        } else {
            say(String.format(java.util.Locale.ROOT, "%d orders written in %.1f s: %.0f orders/s (%.0f/s from the consumer's start)",
                    count, rate.toLastRow().minus(rate.toFirstRow()).toNanos() / 1e9, rate.perSecond(), rate.perSecondFromStart()));
        }
        return new Result(count, backlog.orderIds(), reserved, injected, ledger, ledgerCaughtUp, rate, poller.polls,
                poller.drainUsage != null ? poller.drainUsage : List.of(), count - poller.rowsAtMark, watch.since(startMark));
    }

    /** What order-service has inventory do for each accepted order: reserve.lua, limit 1, no idempotency key. */
    private void reserve(Backlog backlog) throws IOException {
        try (RedisPipe redis = new RedisPipe(settings.redisHost(), settings.redisPort())) {
            Object sha = redis.call("SCRIPT", "LOAD", Files.readString(settings.reserveScript()));
            if (!(sha instanceof String)) {
                throw new IllegalStateException("Redis did not load " + settings.reserveScript() + ": " + sha);
            }
            List<List<String>> calls = new ArrayList<>(backlog.size());
            for (Backlog.Order order : backlog.orders()) {
                String tag = "{" + order.activityId() + "}";
                calls.add(List.of("EVALSHA", (String) sha, "6", "seckill:stock:" + tag, "seckill:bought:" + tag,
                        "seckill:reservations:" + tag, "seckill:idempotency:" + tag, "seckill:released:" + tag,
                        "seckill:reserved-units:" + tag, "1", Integer.toString(order.quantity()), order.userId(),
                        Long.toString(order.orderId()), ""));
            }
            List<Object> replies = redis.pipeline(calls);
            long ok = replies.stream().filter(r -> r instanceof List<?> l && "OK".equals(l.get(0))).count();
            if (ok != backlog.size()) {
                Object refused = replies.stream().filter(r -> !(r instanceof List<?> l && "OK".equals(l.get(0))))
                        .findFirst().orElse(null);
                throw new IllegalStateException("reserved only " + ok + " of " + backlog.size()
                        + " backlog orders in Redis; first refusal: " + refused);
            }
        }
    }

    /** Batches straight to the broker, each message keyed by its order id as order-service keys it. */
    private void send(Backlog backlog) throws MQClientException, InterruptedException {
        DefaultMQProducer producer = new DefaultMQProducer(runId + "backlog");
        producer.setNamesrvAddr(settings.rocketmqNamesrv());
        producer.setSendMsgTimeout(10_000);
        producer.start();
        try {
            List<Message> batch = new ArrayList<>(SEND_BATCH);
            for (Backlog.Order order : backlog.orders()) {
                Message message = new Message(Backlog.TOPIC, order.json().getBytes(StandardCharsets.UTF_8));
                message.setKeys(Long.toString(order.orderId()));
                batch.add(message);
                if (batch.size() == SEND_BATCH) {
                    sendBatch(producer, batch);
                    batch = new ArrayList<>(SEND_BATCH);
                }
            }
            if (!batch.isEmpty()) {
                sendBatch(producer, batch);
            }
        } finally {
            producer.shutdown();
        }
    }

    private static void sendBatch(DefaultMQProducer producer, List<Message> batch) throws MQClientException, InterruptedException {
        try {
            SendResult result = producer.send(batch);
            if (result.getSendStatus() != SendStatus.SEND_OK) {
                throw new IllegalStateException("the broker answered " + result.getSendStatus() + " to a batch of the backlog");
            }
        } catch (RemotingException | MQBrokerException e) {
            throw new IllegalStateException("the broker did not take a batch of the backlog: " + e.getMessage(), e);
        }
    }

    /**
     * Until inventory's ledger has moved every backlog unit to locked in its stock record, so that the
     * drain is measured without the ledger's work on the same cores. Redis holds the reservations
     * already, so the admin stock check adds up throughout.
     */
    private boolean awaitLedger(String activityId, long count) throws InterruptedException {
        long deadline = System.nanoTime() + LEDGER_TIMEOUT.toNanos();
        long created = -1;
        while (System.nanoTime() - deadline < 0) {
            try {
                created = Json.number(admin.stock(activityId).body(), "created");
                if (created >= count) {
                    return true;
                }
            } catch (IllegalStateException e) {
                // a busy gateway's 503 or timeout: asked again
            }
            Thread.sleep(500);
        }
        say("inventory's stock ledger had recorded " + created + " of " + count + " orders after "
                + LEDGER_TIMEOUT.toSeconds() + " s; the consumer starts anyway, sharing the box with it");
        return false;
    }

    /** Counts the backlog's rows until all are there or the drain times out; marks the processes' CPU at the first row. */
    private final class Poller implements Runnable {
        private final RowCount count;
        private final long expected;
        private final long start = System.nanoTime();
        final List<DrainRate.Poll> polls = new java.util.concurrent.CopyOnWriteArrayList<>();
        final AtomicReference<Exception> failure = new AtomicReference<>();
        volatile boolean stop;
        volatile List<ProcessWatch.Usage> drainUsage;
        volatile long rowsAtMark;

        Poller(Backlog backlog) {
            this.count = new RowCount(settings.orderTable(), backlog.ranges());
            this.expected = backlog.size();
        }

        @Override
        public void run() {
            Map<String, Double> firstRow = null;
            try (Connection db = DriverManager.getConnection(settings.mysqlUrl(), settings.mysqlUser(), settings.mysqlPassword())) {
                long next = start;
                while (!stop && System.nanoTime() - start < DRAIN_TIMEOUT.toNanos()) {
                    long at = System.nanoTime();
                    long rows = count.count(db);
                    if (rows > 0 && firstRow == null) {
                        // CPU from the first poll that saw rows, per order written after it.
                        firstRow = watch.mark();
                        rowsAtMark = rows;
                    }
                    polls.add(new DrainRate.Poll(at - start, rows));
                    if (rows >= expected) {
                        drainUsage = watch.since(firstRow);
                        return;
                    }
                    next += POLL.toNanos();
                    long sleep = next - System.nanoTime();
                    if (sleep > 0) {
                        Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                    }
                }
            } catch (SQLException e) {
                failure.set(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Duration since(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos);
    }

    private static void say(String line) {
        System.err.println("bench: drain: " + line);
    }
}
