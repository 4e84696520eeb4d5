package com.seckill.order.query;

import com.seckill.common.error.SeckillException;
import com.seckill.common.web.Caller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

@RestController
@RequestMapping("/api/orders")
class OrderController {

    private final OrderRepository orders;
    private final PendingOrders pending;

    OrderController(OrderRepository orders, PendingOrders pending) {
        this.orders = orders;
        this.pending = pending;
    }

    @GetMapping
    List<OrderView> mine(Caller caller) {
        return orders.findNewestOwned(caller.userId());
    }

    @GetMapping("/{orderId}")
    OrderView one(@PathVariable String orderId, Caller caller) {
        long id = OrderIdParameter.parse(orderId);
        // MySQL first: once the consumer has written the order, its status lives there.
        return orders.findOwned(id, caller.userId()).or(() -> pending.findOwned(id, caller.userId()))
                .orElseThrow(() -> SeckillException.notFound("Order", orderId));
    }
}
