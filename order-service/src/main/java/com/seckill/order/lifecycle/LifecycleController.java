package com.seckill.order.lifecycle;

import com.seckill.common.web.Caller;
import com.seckill.order.query.OrderIdParameter;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** A buyer pays (mock payment: succeeds unless the order is not payable) or cancels an order. */
@RestController
@RequestMapping("/api/orders/{orderId}")
class LifecycleController {

    record StatusAnswer(String orderId, String status) {
    }

    private final OrderTransitions transitions;

    LifecycleController(OrderTransitions transitions) {
        this.transitions = transitions;
    }

    @PostMapping("/pay")
    StatusAnswer pay(@PathVariable String orderId, Caller caller) {
        return new StatusAnswer(orderId, transitions.pay(OrderIdParameter.parse(orderId), caller.userId()).name());
    }

    @PostMapping("/cancel")
    StatusAnswer cancel(@PathVariable String orderId, Caller caller) {
        return new StatusAnswer(orderId, transitions.cancel(OrderIdParameter.parse(orderId), caller.userId()).name());
    }
}
