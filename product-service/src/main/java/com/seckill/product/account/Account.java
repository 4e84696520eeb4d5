package com.seckill.product.account;

import java.util.Set;

record Account(long id, String username, String passwordHash, Set<Role> roles) {
}
