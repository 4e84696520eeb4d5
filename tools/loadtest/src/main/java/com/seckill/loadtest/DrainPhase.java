package com.seckill.loadtest;

import com.seckill.inventory.stock.StockKeys;
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
 * {@code --warm-up} and then {@code --backlog} accepted orders of a sale of their own are put in front of
 * it, then it is started without its write cap while their rows are counted in MySQL every 100 ms. The
 * warm-up orders are drained first and not measured: a fresh JVM spends its first seconds compiling
 * (measured: 40 % of the consumer's CPU over a cold 100,000-order drain went to the JIT compiler).
 *
 * <p>The orders are ordinary: a sale created through the admin API, each order's unit reserved by
 * inventory's own reservation script in Redis (as order-service has inventory do), and its
 * {@code OrderPlacedEvent} sent to order-service's topic. So inventory's stock ledger records them as it
 * records any order, and the admin stock check adds up at every moment. By default they carry no payBy
 * (valid in version 1 of the event): the consumer schedules no payment timer for them and they stay
 * CREATED, their units locked, for good. With {@code --pay-within} they are due like real orders: the
 * drain then includes their payment checks (one timer message per written batch, version 2 of the
 * check), and order-service cancels every one of them when they fire,
 * which returns their units and costs the suite about 2 ms of CPU per order (see the README).
 */
final class DrainPhase {

    /**
     * What the phase found. CPU per process: {@code drainUsage} from the first poll that saw measured rows
     * to the one that saw them all, while {@code drainUsageOrders} orders were written; {@code phaseUsage}
     * from the consumer's start (its JVM start-up and the warm-up included) to the end.
     *
     * @param orderIds every order of the backlog, warm-up and measured
     * @param ledger   from the consumer's start until inventory's stock ledger had recorded every order of
     *                 the backlog; null if it had not when the drain ended
     */
    record Result(int warmUp, int orders, List<String> orderIds, Duration reserved, Duration injected, Duration ledger,
                  DrainRate rate, List<DrainRate.Poll> polls, List<ProcessWatch.Usage> drainUsage,
                  long drainUsageOrders, List<ProcessWatch.Usage> phaseUsage) {
    }

    static final String CONSUMER = "order-consumer-service";
    private static final Duration POLL = Duration.ofMillis(100);
    /** The stock ledger is asked every this many polls. */
    private static final int LEDGER_EVERY = 5;
    /** How long the ledger's finish is still awaited once every row is there: it is only reported. */
    private static final Duration LEDGER_GRACE = Duration.ofSeconds(30);
    /** Messages per producer batch: a few hundred small bodies, far below the broker's 4 MiB. */
    private static final int SEND_BATCH = 256;

    private final BenchSettings settings;
    private final Launcher launcher;
    private final ProcessWatch watch;
    private final String runId;

    DrainPhase(BenchSettings settings, Launcher launcher, ProcessWatch watch, String runId) {
        this.settings = settings;
        this.launcher = launcher;
        this.watch = watch;
        this.runId = runId;
    }

    /**
     * Runs the phase on a new sale of exactly the backlog's units (warm-up and measured); leaves the
     * consumer running uncapped.
     */
    Result run(ShopAdmin.Sale sale) throws Exception {
        int warmUp = settings.warmUp();
        int count = settings.backlog();
        launcher.run(Map.of(), "stop", CONSUMER);
        Backlog backlog = Backlog.of(warmUp + count, sale, runId + "drain-", Instant.now(), settings.payWithin());

        say("reserving the backlog's " + backlog.size() + " units in Redis with inventory's reservation script");
        long t = System.nanoTime();
        reserve(backlog);
        Duration reserved = since(t);
        say("sending " + warmUp + " warm-up and then " + count + " measured OrderPlacedEvents to " + Backlog.TOPIC
                + " (name server " + settings.rocketmqNamesrv() + ")");
        t = System.nanoTime();
        send(backlog);
        Duration injected = since(t);

        // Started at once: its JVM starts while inventory's stock ledger records the backlog, and the
        // warm-up part is drained before the measured one (each queue holds it first).
        say(String.format(java.util.Locale.ROOT, "sent in %.1f s; starting %s without its write cap, counting the"
                + " backlog's rows every %d ms", injected.toNanos() / 1e9, CONSUMER, POLL.toMillis()));
        Duration timeout = Duration.ofSeconds(Math.max(120, backlog.size() / 2_000));
        Map<String, Double> startMark = watch.mark();
        Poller poller = new Poller(backlog, warmUp, Long.parseLong(sale.activityId()), timeout);
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
        polling.join(timeout.toMillis() + 5_000);
        poller.stop = true;
        if (poller.failure.get() != null) {
            throw new IllegalStateException("counting the backlog's rows failed: " + poller.failure.get(), poller.failure.get());
        }
        DrainRate rate = DrainRate.of(warmUp, count, poller.polls);
        if (!rate.complete()) {
            say("FAILED: " + rate.rows() + " of " + count + " measured orders (" + rate.allRows() + " of " + backlog.size()
                    + " in all) in MySQL " + timeout.toSeconds() + " s after the consumer was started; see ./seckill logs " + CONSUMER);
        } else {
            say(String.format(java.util.Locale.ROOT, "%d measured orders written in %.1f s: %.0f orders/s"
                            + " (%d orders in all: %.0f/s from the consumer's start)", count,
                    rate.toLastRow().minus(rate.toFirstRow()).toNanos() / 1e9, rate.perSecond(), backlog.size(),
                    rate.perSecondFromStart()));
        }
        Duration ledger = poller.ledgerDone < 0 ? null : Duration.ofNanos(poller.ledgerDone);
        return new Result(warmUp, count, backlog.orderIds(), reserved, injected, ledger, rate, poller.polls,
                poller.drainUsage != null ? poller.drainUsage : List.of(), count - poller.rowsAtMark, watch.since(startMark));
    }

    /**
     * What order-service has inventory do for each accepted order: reserve.lua, limit 1, no idempotency key;
     * no order message for the outbox, since this phase sends the messages itself.
     */
    private void reserve(Backlog backlog) throws IOException {
        try (RedisPipe redis = new RedisPipe(settings.redisHost(), settings.redisPort())) {
            Object sha = redis.call("SCRIPT", "LOAD", Files.readString(settings.reserveScript()));
            if (!(sha instanceof String)) {
                throw new IllegalStateException("Redis did not load " + settings.reserveScript() + ": " + sha);
            }
            List<List<String>> calls = new ArrayList<>(backlog.size());
            for (Backlog.Order order : backlog.orders()) {
                List<String> keys = StockKeys.all(order.activityId());
                List<String> call = new ArrayList<>(List.of("EVALSHA", (String) sha, Integer.toString(keys.size())));
                call.addAll(keys);
                call.addAll(List.of(Long.toString(System.currentTimeMillis()), "0", "0",
                        "1", Integer.toString(order.quantity()), order.userId(), Long.toString(order.orderId()), "", ""));
                calls.add(call);
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
     * Counts the backlog's rows until all are there or the drain times out; marks the processes' CPU at
     * the first measured row; asks inventory's stock record now and then whether the ledger has recorded
     * every order.
     */
    private final class Poller implements Runnable {
        private final RowCount warmUpRows;
        private final RowCount measuredRows;
        private final long expected;
        private final long all;
        private final long activityId;
        private final Duration timeout;
        private final long start = System.nanoTime();
        final List<DrainRate.Poll> polls = new java.util.concurrent.CopyOnWriteArrayList<>();
        final AtomicReference<Exception> failure = new AtomicReference<>();
        volatile boolean stop;
        volatile List<ProcessWatch.Usage> drainUsage;
        volatile long rowsAtMark;
        volatile long ledgerDone = -1;

        Poller(Backlog backlog, int warmUp, long activityId, Duration timeout) {
            this.warmUpRows = new RowCount(settings.orderTable(), backlog.ranges(0, warmUp));
            this.measuredRows = new RowCount(settings.orderTable(), backlog.ranges(warmUp, backlog.size()));
            this.expected = backlog.size() - warmUp;
            this.all = backlog.size();
            this.activityId = activityId;
            this.timeout = timeout;
        }

        @Override
        public void run() {
            Map<String, Double> firstRow = null;
            long allRowsAt = -1;
            try (Connection db = DriverManager.getConnection(settings.mysqlUrl(), settings.mysqlUser(), settings.mysqlPassword())) {
                long next = start;
                for (int n = 0; !stop && System.nanoTime() - start < timeout.toNanos(); n++) {
                    long at = System.nanoTime();
                    long rows = measuredRows.count(db);
                    long allRows = warmUpRows.count(db) + rows;
                    if (rows > 0 && firstRow == null) {
                        // CPU from the first poll that saw measured rows, per order written after it.
                        firstRow = watch.mark();
                        rowsAtMark = rows;
                    }
                    polls.add(new DrainRate.Poll(at - start, rows, allRows));
                    if (ledgerDone < 0 && n % LEDGER_EVERY == 0 && ledgerRecorded(db) >= all) {
                        ledgerDone = System.nanoTime() - start;
                    }
                    if (rows >= expected && firstRow != null && drainUsage == null) {
                        drainUsage = watch.since(firstRow);
                    }
                    if (allRows >= all) {
                        allRowsAt = allRowsAt < 0 ? at : allRowsAt;
                        if (ledgerDone >= 0 || at - allRowsAt > LEDGER_GRACE.toNanos()) {
                            return;
                        }
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

        /** Units of the sale inventory's record holds as locked or sold: the backlog's orders its ledger has recorded. */
        private long ledgerRecorded(Connection db) throws SQLException {
            try (java.sql.PreparedStatement statement = db.prepareStatement(
                    "SELECT locked + sold FROM " + settings.stockTable() + " WHERE activity_id = ?")) {
                statement.setLong(1, activityId);
                try (java.sql.ResultSet rs = statement.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0;
                }
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
