package com.seckill.orderconsumer.drain;

import com.seckill.events.order.OrderPlacedEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** A redelivery is the row's own order; anything that differs in what the event carries is another order. */
class StoredOrderTest {

    private static final Instant PLACED = Instant.parse("2026-12-03T10:00:00.123Z");
    private static final Instant PAY_BY = Instant.parse("2026-12-03T10:15:00.123Z");
    private static final OrderPlacedEvent ORDER = new OrderPlacedEvent(42, "u1", 7, 3, 2, 19_800, PLACED, 1_700_000_000_000_005L, PAY_BY);
    private static final StoredOrder ROW = new StoredOrder(42, "u1", 7, 3, 2, 19_800, PLACED, 1_700_000_000_000_005L, PAY_BY);

    @Test
    void theSameOrderAgainDiffersInNothing() {
        assertThat(ROW.differencesFrom(ORDER)).isEmpty();
    }

    @Test
    void anotherOrderUnderTheSameIdDiffersInWhatItCarries() {
        OrderPlacedEvent other = new OrderPlacedEvent(42, "u2", 8, 4, 1, 9_900, PLACED.plusMillis(1), 6, PAY_BY.plusSeconds(1));

        assertThat(ROW.differencesFrom(other)).containsExactly("userId", "activityId", "productId", "quantity", "amountCents", "sequence");
    }

    @Test
    void eachFieldAloneMakesItAnotherOrder() {
        assertThat(ROW.differencesFrom(new OrderPlacedEvent(42, "u2", 7, 3, 2, 19_800, PLACED, ORDER.sequence(), PAY_BY))).containsExactly("userId");
        assertThat(ROW.differencesFrom(new OrderPlacedEvent(42, "u1", 7, 3, 1, 19_800, PLACED, ORDER.sequence(), PAY_BY))).containsExactly("quantity");
        assertThat(ROW.differencesFrom(new OrderPlacedEvent(42, "u1", 7, 3, 2, 19_801, PLACED, ORDER.sequence(), PAY_BY))).containsExactly("amountCents");
        assertThat(ROW.differencesFrom(new OrderPlacedEvent(42, "u1", 7, 3, 2, 19_800, PLACED, ORDER.sequence() + 1, PAY_BY))).containsExactly("sequence");
        assertThat(ROW.differencesFrom(new OrderPlacedEvent(42, "u1", 7, 4, 2, 19_800, PLACED, ORDER.sequence(), PAY_BY))).containsExactly("productId");
        assertThat(ROW.differencesFrom(new OrderPlacedEvent(42, "u1", 8, 3, 2, 19_800, PLACED, ORDER.sequence(), PAY_BY))).containsExactly("activityId");
    }

    @Test
    void theTimesAsTheRowKeepsThemAreStillTheSameOrder() {
        // MariaDB, written through Connector/J: no milliseconds
        StoredOrder toTheSecond = new StoredOrder(42, "u1", 7, 3, 2, 19_800, Instant.parse("2026-12-03T10:00:00Z"), ORDER.sequence(),
                Instant.parse("2026-12-03T10:15:00Z"));

        assertThat(toTheSecond.differencesFrom(ORDER)).isEmpty();
    }

    @Test
    void anEventWithoutSequenceOrPayByMatchesARowWithout() {
        StoredOrder old = new StoredOrder(42, "u1", 7, 3, 2, 19_800, PLACED, null, null);

        assertThat(old.differencesFrom(new OrderPlacedEvent(42, "u1", 7, 3, 2, 19_800, PLACED, 0, null))).isEmpty();
        assertThat(old.differencesFrom(ORDER)).containsExactly("sequence");
    }

    @Test
    void bothOrdersAreDescribedForTheLog() {
        assertThat(ROW.describe()).isEqualTo("user u1, activity 7, product 3, quantity 2, 19800 cents, placed 2026-12-03T10:00:00.123Z, "
                + "sequence 1700000000000005, pay by 2026-12-03T10:15:00.123Z");
        assertThat(StoredOrder.describe(new OrderPlacedEvent(42, "u2", 7, 3, 1, 9_900, PLACED, 0, null)))
                .isEqualTo("user u2, activity 7, product 3, quantity 1, 9900 cents, placed 2026-12-03T10:00:00.123Z, sequence none, pay by none");
    }
}
