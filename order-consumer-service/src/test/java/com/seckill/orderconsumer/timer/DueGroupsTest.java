package com.seckill.orderconsumer.timer;

import com.seckill.events.order.OrderPlacedEvent;
import com.seckill.events.order.PaymentDueBatchEvent.DueOrder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DueGroupsTest {

    private static final Instant T = Instant.parse("2026-11-26T10:15:00Z");
    private static final Duration SECOND = Duration.ofSeconds(1);

    @Test
    void aBatchDueAtOneMomentIsOneMessageDeliveredThen() {
        List<DueGroups.Group> groups = DueGroups.of(List.of(order(1, T), order(2, T), order(3, T)), SECOND);

        assertThat(groups).singleElement().satisfies(group -> {
            assertThat(group.deliverAt()).isEqualTo(T);
            assertThat(group.orders()).extracting(DueOrder::orderId).containsExactly(1L, 2L, 3L);
            assertThat(group.orders()).extracting(DueOrder::payBy).containsOnly(T);
        });
    }

    @Test
    void ordersDueWithinTheWindowShareAMessageDeliveredAfterTheLatestOfThemRoundedUpToTheSecond() {
        List<DueGroups.Group> groups = DueGroups.of(List.of(
                order(1, T.plusMillis(300)), order(2, T.plusMillis(100)), order(3, T.plusMillis(1_100))), SECOND);

        assertThat(groups).singleElement().satisfies(group -> {
            assertThat(group.deliverAt()).isEqualTo(T.plusSeconds(2));
            assertThat(group.orders()).extracting(DueOrder::orderId).containsExactly(2L, 1L, 3L);
            assertThat(group.orders()).extracting(DueOrder::payBy)
                    .containsExactly(T.plusMillis(100), T.plusMillis(300), T.plusMillis(1_100));
        });
    }

    @Test
    void ordersDueFurtherApartGetAMessageEachSoNoneWaitsLongAfterItsPayBy() {
        List<DueGroups.Group> groups = DueGroups.of(List.of(
                order(1, T), order(2, T.plusSeconds(5)), order(3, T.plusMillis(500)), order(4, T.plusSeconds(5).plusMillis(900))), SECOND);

        assertThat(groups).extracting(DueGroups.Group::deliverAt).containsExactly(T.plusMillis(1_000), T.plusSeconds(6));
        assertThat(groups.get(0).orders()).extracting(DueOrder::orderId).containsExactly(1L, 3L);
        assertThat(groups.get(1).orders()).extracting(DueOrder::orderId).containsExactly(2L, 4L);
        for (DueGroups.Group group : groups) {
            assertThat(group.orders()).allSatisfy(order -> assertThat(order.payBy())
                    .as("never delivered before an order's payBy, nor more than the window and a second after it")
                    .isBeforeOrEqualTo(group.deliverAt())
                    .isAfterOrEqualTo(group.deliverAt().minus(SECOND).minus(SECOND)));
        }
    }

    @Test
    void withoutAWindowEachDistinctPayByIsAMessage() {
        assertThat(DueGroups.of(List.of(order(1, T), order(2, T), order(3, T.plusMillis(1))), Duration.ZERO))
                .extracting(group -> group.orders().size()).containsExactly(2, 1);
    }

    @Test
    void ordersWithoutAPayByGetNoCheck() {
        assertThat(DueGroups.of(List.of(order(1, null), order(2, null)), SECOND)).isEmpty();
        assertThat(DueGroups.of(List.of(order(1, null), order(2, T)), SECOND))
                .singleElement().satisfies(group -> assertThat(group.orders()).extracting(DueOrder::orderId).containsExactly(2L));
    }

    private static OrderPlacedEvent order(long id, Instant payBy) {
        return new OrderPlacedEvent(id, "buyer-" + id, 7, 3, 1, 9_900, T.minus(Duration.ofMinutes(15)), id, payBy);
    }
}
