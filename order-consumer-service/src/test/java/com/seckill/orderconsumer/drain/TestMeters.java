package com.seckill.orderconsumer.drain;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Counter totals across their tags. */
final class TestMeters {

    private final MeterRegistry meters;

    TestMeters(MeterRegistry meters) {
        this.meters = meters;
    }

    double written() {
        return total("seckill.orders.written");
    }

    double duplicateDeliveries() {
        return total("seckill.orders.duplicate.deliveries");
    }

    double deadLettered() {
        return total("seckill.orders.dead.lettered");
    }

    double deadLettered(String reason) {
        return meters.get("seckill.orders.dead.lettered").tag("reason", reason).counter().count();
    }

    private double total(String name) {
        return meters.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }
}
