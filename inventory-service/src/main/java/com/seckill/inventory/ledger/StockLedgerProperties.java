package com.seckill.inventory.ledger;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * How the stock ledger consumes order events ({@code seckill.stock-ledger} in application.yml).
 *
 * @param enabled       whether this instance consumes at all
 * @param nameServer    RocketMQ name server(s), {@code host:port;host:port}
 * @param consumerGroup its own group: it gets every order event, independently of order-consumer-service;
 *                      its lag on the broker is what a rebuild of a lost Redis counter waits for
 * @param batchSize     most messages per listener call, so per database transaction. A call never spans
 *                      more than one pull of one queue, and the broker hands out at most
 *                      {@code maxTransferCountOnMessageInMemory} (32 by default) messages per pull, so a
 *                      larger batch also needs that raised on the broker
 * @param threads       batches applied in parallel
 * @param pullInterval  the pause between two pulls of one queue: the events of that long come as one
 *                      batch, one transaction, instead of one small transaction per arrival
 */
@Validated
@ConfigurationProperties("seckill.stock-ledger")
record StockLedgerProperties(
        boolean enabled,
        @NotBlank String nameServer,
        @NotBlank String consumerGroup,
        @Min(1) @Max(1024) int batchSize,
        @Min(1) @Max(64) int threads,
        @NotNull Duration pullInterval) {
}
