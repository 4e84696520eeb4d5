package com.seckill.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class JwtSecretTest {

    @Test
    void madeOnceKeptPrivateAndReused(@TempDir Path home) throws Exception {
        Path file = home.resolve("jwt-secret");

        JwtSecret.Secret first = JwtSecret.ensure(file);
        JwtSecret.Secret again = JwtSecret.ensure(file);

        assertThat(first.created()).isTrue();
        assertThat(again.created()).isFalse();
        assertThat(again.value()).isEqualTo(first.value());
        assertThat(Base64.getDecoder().decode(first.value())).hasSize(48);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }
}
