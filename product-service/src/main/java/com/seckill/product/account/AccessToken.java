package com.seckill.product.account;

public record AccessToken(String accessToken, String tokenType, long expiresIn) {
}
