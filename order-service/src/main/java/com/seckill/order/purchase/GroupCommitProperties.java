package com.seckill.order.purchase;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/** seckill.purchase.group-commit.* in application.yml: what each setting is for is written there. */
@ConfigurationProperties("seckill.purchase.group-commit")
public record GroupCommitProperties(
        int threads,
        int maxBatch,
        int queueCapacity,
        int maxConfirmations,
        Duration confirmEvery,
        Duration answerWithin,
        Duration deadlineMargin,
        Duration minBudget,
        Duration orphanAfter,
        Duration sweepEvery) {

    public GroupCommitProperties {
        if (threads < 1 || maxBatch < 1 || queueCapacity < 1 || maxConfirmations < 1) {
            throw new IllegalStateException("seckill.purchase.group-commit: threads, max-batch, queue-capacity and "
                    + "max-confirmations must be at least 1");
        }
        if (deadlineMargin.isNegative() || minBudget.isNegative() || minBudget.isZero() || minBudget.compareTo(answerWithin) >= 0) {
            throw new IllegalStateException("seckill.purchase.group-commit: deadline-margin (SECKILL_ORDER_DEADLINE_MARGIN) must not be "
                    + "negative, and min-budget (SECKILL_ORDER_MIN_BUDGET) must be positive and shorter than answer-within");
        }
        if (orphanAfter.compareTo(answerWithin) <= 0) {
            // else the sweep would publish orders whose batch is still on its way (harmless, but wasteful)
            throw new IllegalStateException("seckill.purchase.group-commit.orphan-after (SECKILL_ORPHAN_AFTER) must be longer "
                    + "than answer-within (SECKILL_ORDER_ANSWER_WITHIN)");
        }
    }
}
