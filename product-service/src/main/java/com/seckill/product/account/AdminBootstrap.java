package com.seckill.product.account;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * Creates the first administrator at start-up from the operator's configuration. An existing
 * account of that name is left untouched, so restarting never resets a password that was changed.
 */
@Component
class AdminBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    private final AdminProperties admin;
    private final AccountService accounts;
    private final Validator validator;

    AdminBootstrap(AdminProperties admin, AccountService accounts, Validator validator) {
        this.admin = admin;
        this.accounts = accounts;
        this.validator = validator;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!admin.configured()) {
            log.info("No first administrator configured (SECKILL_ADMIN_USERNAME / SECKILL_ADMIN_PASSWORD)");
            return;
        }
        Credentials credentials = new Credentials(admin.username(), admin.password());
        Set<ConstraintViolation<Credentials>> violations = validator.validate(credentials);
        if (!violations.isEmpty()) {
            throw new IllegalStateException("SECKILL_ADMIN_USERNAME / SECKILL_ADMIN_PASSWORD are not valid: "
                    + violations.stream().map(v -> v.getPropertyPath() + " " + v.getMessage()).collect(Collectors.joining("; ")));
        }
        if (accounts.ensureAdmin(credentials)) {
            log.info("Created administrator '{}'", credentials.username());
        } else {
            log.info("Administrator '{}' already exists; left unchanged", credentials.username());
        }
    }
}
