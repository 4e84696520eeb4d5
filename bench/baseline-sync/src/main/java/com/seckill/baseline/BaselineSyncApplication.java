package com.seckill.baseline;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

import java.time.Clock;

/**
 * The benchmark's rival, not part of the product: a flash sale the naive way, each order one
 * synchronous MySQL transaction (conditional stock update, then the order row). See README.md.
 */
@SpringBootApplication
public class BaselineSyncApplication {

    public static void main(String[] args) {
        SpringApplication.run(BaselineSyncApplication.class, args);
    }

    /** Sale windows are judged by this clock (UTC), bound into the SQL rather than MySQL's NOW(). */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
