package com.seckill.inventory.audit;

import com.seckill.common.error.ErrorCode;
import com.seckill.common.error.SeckillException;
import com.seckill.common.web.Caller;
import com.seckill.inventory.recovery.LostStockRecovery;
import com.seckill.inventory.recovery.StockRebuildResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/admin/activities/{id}/stock}: whether an activity's live stock and its MySQL record
 * agree; {@code POST /api/admin/activities/{id}/stock/rebuild}: put back the live stock after Redis lost
 * it. Public: the gateway routes them here with the caller's identity headers.
 */
@RestController
@RequestMapping("/api/admin/activities/{activityId}/stock")
class AdminStockController {

    private final StockAudit audit;
    private final LostStockRecovery recovery;

    AdminStockController(StockAudit audit, LostStockRecovery recovery) {
        this.audit = audit;
        this.recovery = recovery;
    }

    @GetMapping
    StockReport stock(Caller caller, @PathVariable long activityId) {
        requireAdmin(caller);
        return audit.report(activityId);
    }

    /**
     * 200 whether it rebuilt ({@code rebuilt}) or found a live counter (left as it is); 404 without a
     * stock record; 503 while the stock ledger has not caught up (the counter stays absent: try again).
     */
    @PostMapping("/rebuild")
    StockRebuildResult rebuild(Caller caller, @PathVariable long activityId) {
        requireAdmin(caller);
        return recovery.rebuildWhenSafe(activityId);
    }

    private static void requireAdmin(Caller caller) {
        if (!caller.isAdmin()) {
            // The gateway already refuses non-admin tokens on /api/admin/**; this is defence in depth.
            throw new SeckillException(ErrorCode.FORBIDDEN, "This needs the ADMIN role");
        }
    }
}
