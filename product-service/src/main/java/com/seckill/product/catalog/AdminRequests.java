package com.seckill.product.catalog;

import com.seckill.common.error.ErrorCode;
import com.seckill.common.error.SeckillException;
import com.seckill.common.web.Caller;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.springframework.stereotype.Component;

import java.util.Comparator;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The checks every admin write makes, in this order: the caller is an admin (403), then the body is
 * valid (400). Bean validation runs here rather than through {@code @Valid}, which would run before
 * the role check and tell a non-admin what a valid body looks like.
 */
@Component
public class AdminRequests {

    private final Validator validator;

    AdminRequests(Validator validator) {
        this.validator = validator;
    }

    public <T> T check(Caller caller, T body) {
        if (!caller.isAdmin()) {
            // The gateway already refuses non-admin tokens on /api/admin/**; this is defence in depth.
            throw new SeckillException(ErrorCode.FORBIDDEN, "This needs the ADMIN role");
        }
        if (body == null) {
            throw new SeckillException(ErrorCode.VALIDATION_FAILED, "The request body is missing");
        }
        Set<ConstraintViolation<T>> violations = validator.validate(body);
        if (!violations.isEmpty()) {
            throw new SeckillException(ErrorCode.VALIDATION_FAILED, violations.stream()
                    .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                    .map(v -> v.getPropertyPath() + ": " + v.getMessage())
                    .collect(Collectors.joining("; ")));
        }
        return body;
    }
}
