package com.seckill.orderconsumer.timer;

import com.seckill.events.order.OrderPlacedEvent;
import com.seckill.events.order.PaymentDueBatchEvent.DueOrder;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Splits a batch's orders into the groups that share one payment-check message. A group starts at the
 * earliest payBy not yet taken and holds every order due within {@code window} of it; its message is
 * delivered at the group's latest payBy, so no order is checked before its payBy and none more than
 * the window (plus the rounding below) after it. A drained batch is consecutive orders of one queue,
 * accepted moments apart, so it is nearly always one group.
 */
final class DueGroups {

    /** One timer message: the orders it carries and when the broker is to deliver it. */
    record Group(Instant deliverAt, List<DueOrder> orders) {
    }

    private DueGroups() {
    }

    /** Orders without a payBy (from before payment timeouts) get no check and are left out. */
    static List<Group> of(List<OrderPlacedEvent> orders, Duration window) {
        List<OrderPlacedEvent> due = orders.stream()
                .filter(order -> order.payBy() != null)
                .sorted(Comparator.comparing(OrderPlacedEvent::payBy))
                .toList();
        List<Group> groups = new ArrayList<>();
        int start = 0;
        while (start < due.size()) {
            Instant until = due.get(start).payBy().plus(window);
            int end = start;
            while (end < due.size() && !due.get(end).payBy().isAfter(until)) {
                end++;
            }
            List<OrderPlacedEvent> members = due.subList(start, end);
            groups.add(new Group(roundedUp(members.get(members.size() - 1).payBy()),
                    members.stream().map(order -> new DueOrder(order.orderId(), order.activityId(), order.payBy())).toList()));
            start = end;
        }
        return groups;
    }

    /**
     * To the next whole second: the broker's timer wheel has slots of a second and fires a slot at its
     * start, so a time inside a second could arrive up to a second early, before some payBy, and the
     * check would only be thrown back and come again after the broker's 10 s back-off.
     */
    private static Instant roundedUp(Instant instant) {
        Instant second = instant.truncatedTo(ChronoUnit.SECONDS);
        return second.equals(instant) ? instant : second.plusSeconds(1);
    }
}
