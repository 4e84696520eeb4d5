package com.seckill.inventory.reservation;

/**
 * A reservation whose order message was never confirmed as sent: {@code message} is what its publisher
 * gave the reservation to keep, {@code reservedAt} when (epoch ms).
 */
public record UnpublishedOrder(long activityId, String orderId, String message, long reservedAt) {
}
