package com.seckill.product.account;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

@Repository
class AccountRepository {

    private static final RowMapper<Account> MAPPER = (rs, row) -> new Account(
            rs.getLong("id"),
            rs.getString("username"),
            rs.getString("password_hash"),
            Arrays.stream(rs.getString("roles").split(",")).map(Role::valueOf).collect(Collectors.toUnmodifiableSet()));

    private final JdbcClient jdbc;

    AccountRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @throws org.springframework.dao.DuplicateKeyException if the username is taken */
    long insert(String username, String passwordHash, Set<Role> roles) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO accounts (username, password_hash, roles) VALUES (?, ?, ?)")
                .params(username, passwordHash, roles.stream().map(Role::name).sorted().collect(Collectors.joining(",")))
                .update(key);
        return key.getKey().longValue();
    }

    Optional<Account> findByUsername(String username) {
        return jdbc.sql("SELECT id, username, password_hash, roles FROM accounts WHERE username = ?")
                .param(username).query(MAPPER).optional();
    }
}
