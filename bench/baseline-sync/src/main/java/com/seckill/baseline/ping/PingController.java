package com.seckill.baseline.ping;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /bench/ping}: the cheapest upstream there is (no I/O, a constant body), so that a
 * benchmark through the gateway measures the gateway's own ceiling, not this service.
 */
@RestController
class PingController {

    @GetMapping(path = "/bench/ping", produces = MediaType.TEXT_PLAIN_VALUE)
    String ping() {
        return "pong";
    }
}
