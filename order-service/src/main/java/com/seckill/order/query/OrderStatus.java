package com.seckill.order.query;

/**
 * PENDING (accepted, not yet in MySQL) → CREATED (in MySQL, awaiting payment) → PAID, or → CANCELLED.
 * PENDING lives only in Redis; a row starts as CREATED and changes only by compare-and-set.
 */
public enum OrderStatus {
    PENDING, CREATED, PAID, CANCELLED
}
