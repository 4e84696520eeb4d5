package com.seckill.inventory.stock;

import com.seckill.common.error.ErrorCode;
import com.seckill.common.error.SeckillException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The live remaining units of activities, for product-service's catalog (which caches each answer for
 * about a second, so a sale's readers cost one call a second per instance, not one each). The counters
 * are this service's Redis keys: no other service reads them itself, so their layout can change here
 * alone. Under {@code /internal}: the gateway does not route it.
 */
@RestController
@RequestMapping("/internal/stock/remaining")
class InternalRemainingStockController {

    static final int MAX_ACTIVITIES = 500;

    private final StringRedisTemplate redis;

    InternalRemainingStockController(StringRedisTemplate redis) {
        this.redis = redis;
    }

    /**
     * One MGET. An activity whose stock was never loaded is left out of the answer (nothing of it can
     * have been sold); a counter is never below 0 in the answer.
     */
    @GetMapping
    Map<String, Long> remaining(@RequestParam List<Long> activityIds) {
        if (activityIds.size() > MAX_ACTIVITIES) {
            throw new SeckillException(ErrorCode.VALIDATION_FAILED, "At most " + MAX_ACTIVITIES + " activities per call");
        }
        List<String> values = activityIds.isEmpty() ? List.of()
                : redis.opsForValue().multiGet(activityIds.stream().map(StockKeys::remaining).toList());
        Map<String, Long> remaining = new LinkedHashMap<>();
        for (int i = 0; i < activityIds.size(); i++) {
            String value = values == null ? null : values.get(i);
            if (value != null) {
                remaining.put(Long.toString(activityIds.get(i)), Math.max(0, Long.parseLong(value)));
            }
        }
        return remaining;
    }
}
