package com.seckill.order.purchase;

/** The 202 answer to an order: its id, and PENDING until the consumer has written it (a replay: its status now). */
record OrderAccepted(String orderId, String status) {
}
