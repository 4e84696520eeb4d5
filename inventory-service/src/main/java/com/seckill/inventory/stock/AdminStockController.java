package com.seckill.inventory.stock;

import com.seckill.common.error.ErrorCode;
import com.seckill.common.error.SeckillException;
import com.seckill.common.web.Caller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/admin/activities/{id}/stock}: whether an activity's live stock and its MySQL record
 * agree. Public: the gateway routes it here with the caller's identity headers.
 */
@RestController
class AdminStockController {

    private final StockAudit audit;

    AdminStockController(StockAudit audit) {
        this.audit = audit;
    }

    @GetMapping("/api/admin/activities/{activityId}/stock")
    StockReport stock(Caller caller, @PathVariable long activityId) {
        if (!caller.isAdmin()) {
            // The gateway already refuses non-admin tokens on /api/admin/**; this is defence in depth.
            throw new SeckillException(ErrorCode.FORBIDDEN, "This needs the ADMIN role");
        }
        return audit.report(activityId);
    }
}
