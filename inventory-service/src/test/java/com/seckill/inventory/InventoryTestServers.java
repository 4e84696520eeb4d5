package com.seckill.inventory;

import com.seckill.testsupport.TestServers;
import org.springframework.test.context.DynamicPropertyRegistry;

/** The servers and schema of this module's integration tests. */
public final class InventoryTestServers {

    private InventoryTestServers() {
    }

    /**
     * For a context that must not join the stock ledger's consumer group: StockLedgerIT's context
     * consumes, and a second member would take half of its queues.
     */
    public static void registerWithoutLedger(DynamicPropertyRegistry registry) {
        TestServers.register(registry);
        registry.add("SECKILL_INVENTORY_DB", () -> "seckill_inventory_it");
        registry.add("seckill.stock-ledger.enabled", () -> "false");
    }
}
