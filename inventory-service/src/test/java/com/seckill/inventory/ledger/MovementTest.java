package com.seckill.inventory.ledger;

import com.seckill.events.order.OrderCancelledEvent;
import com.seckill.events.order.OrderPaidEvent;
import com.seckill.events.order.OrderPlacedEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** How each order event moves units in the stock record. */
class MovementTest {

    @Test
    void aPlacedOrderLocksItsUnitsAndKeepsItsBuyerAndKey() {
        Movement locked = Movement.of(new OrderPlacedEvent(11, "u1", 7, 3, 2, 9_980, Instant.EPOCH, 1, null, "key-1"));

        assertThat(locked).isEqualTo(new Movement(Movement.Kind.LOCKED, 11, 7, 2, "u1", "key-1"));
        assertThat(locked.readable()).isTrue();
    }

    @Test
    void paidAndCancelledAreAppliedAsTheLockedMovementSays() {
        Movement sold = Movement.of(new OrderPaidEvent(11, "u1", 7, 2, Instant.EPOCH));
        Movement returned = Movement.of(new OrderCancelledEvent(11, "u1", 7, 2, Instant.EPOCH, OrderCancelledEvent.Reason.BUYER));

        assertThat(sold.kind()).isEqualTo(Movement.Kind.SOLD);
        assertThat(returned.kind()).isEqualTo(Movement.Kind.RETURNED);
        assertThat(returned.as(8, 1)).isEqualTo(new Movement(Movement.Kind.RETURNED, 11, 8, 1, "u1", null));
    }

    @Test
    void anEventWithoutOrderActivityOrQuantityIsNotReadable() {
        assertThat(new Movement(Movement.Kind.LOCKED, 0, 7, 1, "u1").readable()).isFalse();
        assertThat(new Movement(Movement.Kind.LOCKED, 11, 0, 1, "u1").readable()).isFalse();
        assertThat(new Movement(Movement.Kind.LOCKED, 11, 7, 0, "u1").readable()).isFalse();
    }
}
