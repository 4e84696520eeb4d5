package com.seckill.common.web;

import java.util.Set;

/**
 * Who is calling, as the gateway established it from a checked token (headers X-User-Id and
 * X-User-Roles, which the gateway alone sets). Declare it as a controller parameter; a request
 * without it is refused with 401 before the controller runs.
 */
public record Caller(String userId, Set<String> roles) {

    public static final String USER_ID_HEADER = "X-User-Id";
    public static final String ROLES_HEADER = "X-User-Roles";

    public boolean isAdmin() {
        return roles.contains("ADMIN");
    }
}
