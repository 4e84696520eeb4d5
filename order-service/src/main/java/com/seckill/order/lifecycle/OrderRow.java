package com.seckill.order.lifecycle;

import java.time.Instant;

/** What a status change needs to know of an order row. */
public record OrderRow(long orderId, String userId, long activityId, int quantity, String status, String statusChangeId,
                Instant payBy) {
}
