package com.seckill.inventory.recovery;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * How the live stock comes back after Redis lost it ({@code seckill.stock.recovery} in application.yml).
 *
 * @param grace       no rebuild before this long after the loss was noticed: longer than order-service
 *                    takes to send the message of an order reserved just before the loss (its send
 *                    time-out), so that the stock ledger's lag counts that order
 * @param retryEvery  the first pause after a rebuild that could not be made yet (ledger behind, Redis
 *                    or MySQL not answering); doubled each time up to {@code retryAtMost}
 * @param retryAtMost the longest pause between two attempts
 * @param watchEvery  how often the data marker ({@code StockKeys.dataMarker()}) is checked
 */
@Validated
@ConfigurationProperties("seckill.stock.recovery")
record StockRecoveryProperties(@NotNull Duration grace, @NotNull Duration retryEvery, @NotNull Duration retryAtMost,
                               @NotNull Duration watchEvery) {
}
