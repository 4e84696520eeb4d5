package com.seckill.product.account;

import com.seckill.common.error.ProblemCode;

/** Why a registration is refused: its code of the public contract. */
enum AccountRefusal implements ProblemCode {
    USERNAME_TAKEN;

    @Override
    public int status() {
        return 409;
    }

    @Override
    public String title() {
        return "The username is taken";
    }
}
