package com.seckill.product.account;

public enum Role {
    USER, ADMIN
}
