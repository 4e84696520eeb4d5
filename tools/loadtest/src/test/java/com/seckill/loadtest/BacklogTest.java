package com.seckill.loadtest;

import com.seckill.events.order.OrderPlacedEvent;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BacklogTest {

    private static final ShopAdmin.Sale SALE = new ShopAdmin.Sale("42", 7, 4900);
    private static final Instant NOW = Instant.parse("2026-11-26T02:18:01.183456Z");

    @Test
    void ordersAreNewBuyersFirstPurchasesDueAfterThePaymentTimeout() {
        Backlog backlog = Backlog.of(3, SALE, "bench-1-drain-", NOW, Duration.ofMinutes(15));

        assertThat(backlog.size()).isEqualTo(3);
        Backlog.Order first = backlog.orders().get(0);
        assertThat(first.userId()).isEqualTo("bench-1-drain-0");
        assertThat(backlog.orders().get(2).userId()).isEqualTo("bench-1-drain-2");
        assertThat(first.activityId()).isEqualTo(42);
        assertThat(first.productId()).isEqualTo(7);
        assertThat(first.quantity()).isEqualTo(1);
        assertThat(first.amountCents()).isEqualTo(4900);
        assertThat(first.sequence()).isEqualTo(1);
        assertThat(first.placedAt()).isEqualTo(Instant.parse("2026-11-26T02:18:01.183Z"));
        assertThat(first.payBy()).isEqualTo(Instant.parse("2026-11-26T02:33:01.183Z"));
    }

    @Test
    void withoutAPaymentWindowOrdersHaveNoPayBy() {
        Backlog.Order order = Backlog.of(1, SALE, "u", NOW, null).orders().get(0);
        assertThat(order.payBy()).isNull();
        assertThat(order.json()).endsWith(",\"sequence\":1,\"payBy\":null,\"idempotencyKey\":null}");
    }

    @Test
    void theBodyIsWhatOrderServicesMapperWritesForTheEvent() {
        JsonMapper json = JsonMapper.builder().build();
        for (Duration payWithin : new Duration[] {Duration.ofMinutes(15), null}) {
            Backlog.Order each = Backlog.of(1, SALE, "bench-1-drain-", NOW, payWithin).orders().get(0);
            OrderPlacedEvent event = new OrderPlacedEvent(each.orderId(), each.userId(), each.activityId(), each.productId(),
                    each.quantity(), each.amountCents(), each.placedAt(), each.sequence(), each.payBy());
            assertThat(each.json()).isEqualTo(json.writeValueAsString(event));
            assertThat(json.readValue(each.json(), OrderPlacedEvent.class)).isEqualTo(event);
        }
        Backlog.Order order = Backlog.of(1, SALE, "bench-1-drain-", NOW, Duration.ofMinutes(15)).orders().get(0);
        // the shape of a body order-service sent (captured from the broker), other values
        assertThat(order.json()).matches("\\{\"orderId\":\\d+,\"userId\":\"bench-1-drain-0\",\"activityId\":42,\"productId\":7,"
                + "\"quantity\":1,\"amountCents\":4900,\"placedAt\":\"2026-11-26T02:18:01.183Z\",\"sequence\":1,"
                + "\"payBy\":\"2026-11-26T02:33:01.183Z\",\"idempotencyKey\":null}");
        assertThat(Backlog.TOPIC).isEqualTo(OrderPlacedEvent.TOPIC);
    }

    @Test
    void orderIdsAreDistinctRunsOfConsecutiveIdsUnderAWorkerIdOfTheirOwn() {
        Backlog backlog = Backlog.of(10_000, SALE, "u", NOW, Duration.ofMinutes(15));
        List<Backlog.Order> orders = backlog.orders();

        assertThat(new HashSet<>(backlog.orderIds())).hasSize(10_000);
        long milli = Duration.between(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-11-26T02:18:01.183Z")).toMillis();
        assertThat(orders.get(0).orderId()).isEqualTo((milli << 22) | (1023L << 12));
        assertThat(orders.get(4095).orderId()).isEqualTo(orders.get(0).orderId() + 4095);
        assertThat(orders.get(4096).orderId()).isEqualTo(((milli + 1) << 22) | (1023L << 12));
        for (Backlog.Order order : orders) {
            assertThat((order.orderId() >>> 12) & 1023).isEqualTo(Backlog.WORKER);
            assertThat(order.orderId()).isPositive();
        }
    }

    @Test
    void refusesUserIdsOrderServiceWouldNot() {
        assertThatThrownBy(() -> Backlog.of(1, SALE, "a:b-", NOW, Duration.ofMinutes(15)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a:b-0");
        assertThatThrownBy(() -> Backlog.of(1, SALE, "x".repeat(64), NOW, Duration.ofMinutes(15)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
