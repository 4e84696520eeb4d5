package com.seckill.orderconsumer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class OrderConsumerServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(OrderConsumerServiceApplication.class, args);
    }
}
