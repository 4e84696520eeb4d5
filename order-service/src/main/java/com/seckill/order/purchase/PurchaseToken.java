package com.seckill.order.purchase;

import java.time.Instant;

/** The answer of {@code POST /api/activities/{id}/token}. */
record PurchaseToken(String token, Instant expiresAt) {
}
