package com.seckill.product.account;

public record RegisteredAccount(String userId, String username) {
}
