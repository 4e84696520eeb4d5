package com.seckill.inventory.recovery;

import java.time.Duration;

/**
 * Whether the stock ledger has recorded every order event committed so far. Only then may a live
 * counter that Redis lost be rebuilt from the record: an order still on its way to the ledger has its
 * units in the record's available, and a counter seeded from it would sell them a second time.
 * Implemented by the ledger (it knows its consumer group); the recovery only asks.
 */
public interface LedgerProgress {

    /**
     * True once the ledger has applied every event the broker held when asked, waiting at most
     * {@code wait} for it to get there; false when it has not, or when that cannot be told (no broker,
     * no consumer group yet): the caller then leaves the counter absent, which is safe.
     */
    boolean caughtUp(Duration wait);
}
