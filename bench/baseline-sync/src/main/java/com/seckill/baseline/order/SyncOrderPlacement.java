package com.seckill.baseline.order;

import com.seckill.baseline.activity.ActivityRepository;
import com.seckill.common.error.SeckillException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The naive design, done well: one short transaction per order. The conditional UPDATE decides
 * (stock, window) atomically; the INSERT's unique key is the one-per-user check. Happy path: UPDATE,
 * INSERT, COMMIT, nothing else. Only a refusal reads the activity, to say why.
 */
@Service
class SyncOrderPlacement {

    private final OrderRepository orders;
    private final ActivityRepository activities;
    private final TransactionTemplate transactions;
    private final Clock clock;

    SyncOrderPlacement(OrderRepository orders, ActivityRepository activities, TransactionTemplate transactions, Clock clock) {
        this.orders = orders;
        this.activities = activities;
        this.transactions = transactions;
        this.clock = clock;
    }

    OrderCreated place(long activityId, String userId, int quantity) {
        // DATETIME(3): the instant the row records is the one the window was judged at.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Outcome outcome = transactions.execute(tx -> {
            if (orders.takeStock(activityId, quantity, now) == 0) {
                // READ COMMITTED: this read sees the latest committed sale, and the update held no lock.
                return activities.find(activityId)
                        .map(activity -> Outcome.refused(SaleRefusal.of(activity, now)))
                        .orElseGet(Outcome::missing);
            }
            try {
                return Outcome.created(orders.insert(activityId, userId, quantity, now));
            } catch (DuplicateKeyException alreadyBought) {
                // The statement failed alone; roll the stock update back with it.
                tx.setRollbackOnly();
                return Outcome.refused(SaleRefusal.ALREADY_PURCHASED);
            }
        });
        if (outcome.orderId() != null) {
            return OrderCreated.of(outcome.orderId());
        }
        if (outcome.refusal() == null) {
            throw SeckillException.notFound("Activity", activityId);
        }
        throw new SeckillException(outcome.refusal(), outcome.refusal().detail());
    }

    /** An order id, or a refusal, or neither: no such activity. */
    private record Outcome(Long orderId, SaleRefusal refusal) {

        static Outcome created(long orderId) {
            return new Outcome(orderId, null);
        }

        static Outcome refused(SaleRefusal refusal) {
            return new Outcome(null, refusal);
        }

        static Outcome missing() {
            return new Outcome(null, null);
        }
    }
}
