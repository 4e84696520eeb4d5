package com.seckill.product.account;

import com.seckill.common.error.ErrorCode;
import com.seckill.common.error.SeckillException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

@Service
class AccountService {

    private static final int BCRYPT_MAX_BYTES = 72;

    private final AccountRepository accounts;
    private final TokenIssuer tokens;
    private final PasswordEncoder passwords = new BCryptPasswordEncoder();
    // Checked when the username is unknown, so that a miss costs as long as a wrong password and
    // response times do not tell which usernames exist.
    private final String unknownUserHash = passwords.encode(UUID.randomUUID().toString());

    AccountService(AccountRepository accounts, TokenIssuer tokens) {
        this.accounts = accounts;
        this.tokens = tokens;
    }

    RegisteredAccount register(Credentials credentials) {
        long id = create(credentials, Set.of(Role.USER))
                .orElseThrow(() -> new SeckillException(AccountRefusal.USERNAME_TAKEN,
                        "The username '" + credentials.username() + "' is taken"));
        return new RegisteredAccount(Long.toString(id), credentials.username());
    }

    AccessToken login(Credentials credentials) {
        Optional<Account> account = accounts.findByUsername(credentials.username());
        String hash = account.map(Account::passwordHash).orElse(unknownUserHash);
        if (!passwords.matches(credentials.password(), hash) || account.isEmpty()) {
            throw new SeckillException(ErrorCode.UNAUTHORIZED, "Wrong username or password");
        }
        return tokens.issue(account.get());
    }

    /** @return whether the account was created now (false: it already existed, and is left as it is) */
    boolean ensureAdmin(Credentials credentials) {
        return create(credentials, Set.of(Role.USER, Role.ADMIN)).isPresent();
    }

    private Optional<Long> create(Credentials credentials, Set<Role> roles) {
        if (credentials.password().getBytes(StandardCharsets.UTF_8).length > BCRYPT_MAX_BYTES) {
            throw new SeckillException(ErrorCode.VALIDATION_FAILED, "password: must be at most 72 bytes in UTF-8");
        }
        try {
            return Optional.of(accounts.insert(credentials.username(), passwords.encode(credentials.password()), roles));
        } catch (DuplicateKeyException taken) {
            return Optional.empty();
        }
    }
}
