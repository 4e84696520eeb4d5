package com.seckill.product.account;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Register and login bodies. BCrypt reads at most 72 bytes, so longer passwords are refused, not cut. */
public record Credentials(
        @NotNull @Size(min = 3, max = 32) @Pattern(regexp = "[A-Za-z0-9._-]+", message = "letters, digits, '.', '_' and '-' only")
        String username,
        @NotNull @Size(min = 8, max = 72)
        String password) {
}
