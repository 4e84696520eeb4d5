package com.seckill.order.purchase;

import com.seckill.events.order.OrderPlacedEvent;
import com.seckill.order.query.PendingOrders;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Places the orders that arrive together as one batch, the way a database's group commit writes the
 * transactions that arrive together with one flush. A few dispatcher threads each take whatever has
 * queued up (one order when the shop is quiet, without waiting for more; hundreds at a sale's peak) and,
 * per batch:
 * <ol>
 *   <li>record the orders as pending and number each buyer's attempt (one Redis round trip);</li>
 *   <li>reserve them in inventory-service (one call; one script run per activity), each reservation
 *       keeping its order message in inventory's outbox, in the same atomic step;</li>
 *   <li>hand the accepted orders' messages to the broker (one batch send) and only then answer their
 *       buyers 202;</li>
 *   <li>tell inventory-service, with its next batch, which messages were sent, so their outbox entries go.</li>
 * </ol>
 * What if this process dies right here? Before step 2 returns: a reservation made is in the outbox with
 * its message, and {@link OrphanedOrders} (any instance) publishes it once it has waited longer than a
 * batch ever takes; its buyer got no answer or a 5xx, and a retry with the Idempotency-Key finds the
 * order. After step 3: the same, and the order's consumers take a message they already had once. So
 * every reservation gets its message, and no message goes out without its reservation (a released
 * reservation's outbox entry goes with it), whatever dies when; a 202 is only ever said for an order
 * the broker has.
 */
@Component
class GroupCommit implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    private final InventoryClient inventory;
    private final PendingOrders pending;
    private final OrderPublisher publisher;
    private final BrokerGate broker;
    private final SoldOutFlags soldOut;
    private final JsonMapper json;
    private final GroupCommitProperties properties;
    private final BlockingQueue<Queued> queue;
    // sent, not yet confirmed to inventory-service: rides along with the next batch
    private final Queue<InventoryClient.OrderRef> sent = new ConcurrentLinkedQueue<>();
    private final DistributionSummary batchSizes;
    private final List<Thread> dispatchers = new ArrayList<>();
    private volatile boolean running;

    GroupCommit(InventoryClient inventory, PendingOrders pending, OrderPublisher publisher, BrokerGate broker, SoldOutFlags soldOut,
                JsonMapper json, GroupCommitProperties properties, MeterRegistry meters) {
        this.inventory = inventory;
        this.pending = pending;
        this.publisher = publisher;
        this.broker = broker;
        this.soldOut = soldOut;
        this.json = json;
        this.properties = properties;
        this.queue = new LinkedBlockingQueue<>(properties.queueCapacity());
        this.batchSizes = DistributionSummary.builder("seckill.orders.batch.size")
                .description("orders placed together in one group commit").register(meters);
    }

    /** What a batch carries: orders to reserve, and look-ups of retries that came after their sale sold out. */
    sealed interface Queued permits ReservationAttempt, ReplayLookup {
        CompletableFuture<InventoryClient.Reservation> answer();
    }

    /** Queues the order (or look-up) for the next batch; its answer completes its future. */
    void submit(Queued queued) {
        if (!running || !queue.offer(queued)) {
            queued.answer().completeExceptionally(new PlacementFailure("busy", "Too many orders are waiting"));
        }
    }

    @Override
    public void start() {
        running = true;
        for (int i = 0; i < properties.threads(); i++) {
            Thread thread = new Thread(this::dispatch, "group-commit-" + i);
            thread.setDaemon(true);
            thread.start();
            dispatchers.add(thread);
        }
    }

    @Override
    public void stop() {
        running = false;
        for (Thread thread : dispatchers) {
            try {
                thread.join(properties.answerWithin().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        dispatchers.clear();
        List<Queued> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(a -> a.answer().completeExceptionally(new PlacementFailure("busy", "Shutting down")));
        confirmSent();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    // Stopped after the graceful shutdown has let the requests in flight finish (they wait on batches),
    // before the web server and the Feign and Redis clients go; started before any request is let in.
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1536;
    }

    private void dispatch() {
        List<Queued> batch = new ArrayList<>(properties.maxBatch());
        while (running || !queue.isEmpty()) {
            try {
                Queued first = queue.poll(properties.confirmEvery().toMillis(), TimeUnit.MILLISECONDS);
                if (first == null) {
                    confirmSent();
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, properties.maxBatch() - 1);
                // given up by its buyer's request (answer-within passed while it queued): never placed
                batch.removeIf(queued -> queued.answer().isDone());
                if (batch.isEmpty()) {
                    continue;
                }
                place(batch.stream().filter(ReservationAttempt.class::isInstance).map(ReservationAttempt.class::cast).toList(),
                        batch.stream().filter(ReplayLookup.class::isInstance).map(ReplayLookup.class::cast).toList());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // never leave a buyer waiting on a batch that broke in an unforeseen way
                log.error("A batch of {} orders failed", batch.size(), e);
                batch.forEach(a -> a.answer().completeExceptionally(new PlacementFailure("error", "Orders cannot be taken right now")));
            } finally {
                batch.clear();
            }
        }
    }

    private void place(List<ReservationAttempt> batch, List<ReplayLookup> replays) {
        batchSizes.record(batch.size() + replays.size());
        List<Long> sequences;
        try {
            sequences = batch.isEmpty() ? List.of() : pending.open(batch.stream().map(ReservationAttempt::order).toList());
        } catch (RuntimeException e) {
            log.warn("Could not record {} orders as pending (nothing was reserved): {}", batch.size(), causeOf(e));
            failAll(batch, "redis_unavailable");
            failAll(replays, "redis_unavailable");
            return;
        }
        List<String> messages = new ArrayList<>(batch.size());
        List<InventoryClient.Item> items = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            ReservationAttempt attempt = batch.get(i);
            PendingOrders.PendingOrder order = attempt.order();
            String message = json.writeValueAsString(new OrderPlacedEvent(order.orderId(), order.userId(), order.activityId(),
                    order.productId(), order.quantity(), order.amountCents(), order.createdAt(), sequences.get(i), order.payBy(),
                    order.idempotencyKey()));
            messages.add(message);
            items.add(new InventoryClient.Item(order.activityId(), new InventoryClient.ReservationRequest(Long.toString(order.orderId()),
                    order.userId(), order.quantity(), attempt.limitPerUser(), order.idempotencyKey(), message)));
        }
        List<InventoryClient.OrderRef> confirmations = drainSent();
        InventoryClient.Results answered;
        try {
            answered = inventory.reserve(new InventoryClient.Batch(items, confirmations, replays.stream()
                    .map(r -> new InventoryClient.Replay(r.activityId(), r.userId(), r.idempotencyKey())).toList()));
        } catch (RuntimeException e) {
            sent.addAll(confirmations);
            failAll(replays, "inventory_unavailable");
            if (neverSent(e)) {
                // The breaker refused the call: inventory never saw the batch, so nothing is held and there
                // is nothing to release. Releasing anyway would call a slow inventory once per order while
                // the buyers wait. The breaker's state is on /actuator/prometheus; one line per batch would
                // flood the log while it is open.
                log.debug("Inventory-service not called for {} orders: {}", batch.size(), causeOf(e));
                failAll(batch, "inventory_unavailable");
                discardQuietly(batch.stream().map(a -> a.order().orderId()).toList());
                return;
            }
            log.warn("No answer from inventory-service for {} orders: {}; releasing their reservations, if any", batch.size(), causeOf(e));
            releaseAll(batch);
            return;
        }
        for (int i = 0; i < replays.size(); i++) {
            String orderId = answered.replayed().get(i);
            if (answered.replayUnknown(i)) {
                // the key's record went with a Redis that lost its data: 503 until the rebuild brings it back
                replays.get(i).answer().complete(new InventoryClient.Reservation("NOT_LOADED", null, null));
                continue;
            }
            replays.get(i).answer().complete(orderId == null
                    ? new InventoryClient.Reservation("SOLD_OUT", null, null)
                    : new InventoryClient.Reservation("DUPLICATE", orderId, null));
        }
        List<InventoryClient.Reservation> results = answered.results();
        List<PublishedOrder> accepted = new ArrayList<>();
        List<Long> refused = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            InventoryClient.Reservation result = results.get(i);
            followSoldOut(batch.get(i).order().activityId(), result);
            if ("OK".equals(result.status())) {
                accepted.add(new PublishedOrder(batch.get(i), result, new OrderPublisher.OutboxMessage(batch.get(i).order().activityId(),
                        result.orderId(), messages.get(i))));
            } else {
                // DUPLICATE included: this attempt's order id was never reserved, the first one was
                refused.add(batch.get(i).order().orderId());
                batch.get(i).answer().complete(result);
            }
        }
        publish(accepted);
        discardQuietly(refused);
    }

    private void publish(List<PublishedOrder> accepted) {
        if (accepted.isEmpty()) {
            return;
        }
        try {
            publisher.publish(accepted.stream().map(PublishedOrder::message).toList());
        } catch (Exception e) {
            // Stored or not, the messages stay in the outbox; the sweep publishes them when the broker is
            // back. Releasing now could strand an order message the broker did store (a timeout).
            broker.closed(e);
            log.warn("The broker did not confirm {} order messages ({}); they stay in inventory's outbox and are sent again later",
                    accepted.size(), causeOf(e));
            accepted.forEach(a -> a.attempt().answer().completeExceptionally(
                    new PlacementFailure("broker_unavailable", "Orders cannot be taken right now")));
            return;
        }
        for (PublishedOrder order : accepted) {
            sent.add(new InventoryClient.OrderRef(order.message().activityId(), order.message().orderId()));
            order.attempt().answer().complete(order.result());
        }
    }

    /**
     * Sets or clears the activity's sold-out flag from inventory's answers, here in the order inventory
     * decided them: the buyers' threads would apply them in any order, and a late "units left" from an
     * earlier order could clear the flag that the batch's last answer set.
     */
    private void followSoldOut(long activityId, InventoryClient.Reservation result) {
        if (!"OK".equals(result.status()) && !"SOLD_OUT".equals(result.status()) || result.remaining() == null) {
            return;
        }
        if (result.remaining() <= 0) {
            soldOut.markSoldOut(activityId);
        } else {
            soldOut.markAvailable(activityId);
        }
    }

    /**
     * Inventory did not answer: each order may or may not hold units. A release settles it either way
     * (it also fences the order id off, so a reservation still on its way is refused). One whose release
     * fails too stays for the sweep, which publishes it if its reservation exists; its buyer hears 503,
     * and a retry with the Idempotency-Key finds the order.
     */
    private void releaseAll(List<ReservationAttempt> batch) {
        List<Long> released = new ArrayList<>();
        for (ReservationAttempt attempt : batch) {
            try {
                inventory.release(attempt.order().activityId(), attempt.order().orderId());
                released.add(attempt.order().orderId());
            } catch (RuntimeException e) {
                log.warn("Could not release order {} either ({}); if it holds units, the outbox sweep publishes it",
                        attempt.order().orderId(), causeOf(e));
            }
            attempt.answer().completeExceptionally(new PlacementFailure("inventory_unavailable", "Stock cannot be reserved right now"));
        }
        discardQuietly(released);
    }

    /** Orders whose messages were sent some other way (the outbox sweep): confirmed like the batches' own. */
    void confirmLater(List<InventoryClient.OrderRef> published) {
        sent.addAll(published);
    }

    /** Tells inventory-service which messages were sent when no batch came to carry them. */
    void confirmSent() {
        List<InventoryClient.OrderRef> confirmations = drainSent();
        if (confirmations.isEmpty()) {
            return;
        }
        try {
            inventory.reserve(InventoryClient.Batch.confirming(confirmations));
        } catch (RuntimeException e) {
            sent.addAll(confirmations);
            log.debug("Could not confirm {} sent orders yet: {}", confirmations.size(), causeOf(e));
        }
    }

    private List<InventoryClient.OrderRef> drainSent() {
        List<InventoryClient.OrderRef> drained = new ArrayList<>();
        InventoryClient.OrderRef ref;
        while (drained.size() < properties.maxConfirmations() && (ref = sent.poll()) != null) {
            drained.add(ref);
        }
        return drained;
    }

    private void failAll(List<? extends Queued> batch, String outcome) {
        batch.forEach(a -> a.answer().completeExceptionally(new PlacementFailure(outcome, "Orders cannot be taken right now")));
    }

    // The pending records of refused orders expire by themselves too; deleting them is only tidiness.
    private void discardQuietly(List<Long> orderIds) {
        try {
            pending.discard(orderIds);
        } catch (RuntimeException e) {
            log.debug("Could not discard {} pending records: {}", orderIds.size(), causeOf(e));
        }
    }

    /** The circuit breaker was open (or half-open and full): the call was never made. */
    static boolean neverSent(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof CallNotPermittedException) {
                return true;
            }
        }
        return false;
    }

    // The circuit breaker wraps what went wrong ("no fallback available"); an operator needs the cause.
    static String causeOf(Throwable e) {
        return NestedExceptionUtils.getMostSpecificCause(e).toString();
    }

    private record PublishedOrder(ReservationAttempt attempt, InventoryClient.Reservation result, OrderPublisher.OutboxMessage message) {
    }
}
