package com.seckill.launcher;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A local development secret for signing JWTs, made once per home directory. Never a constant in
 * code: each checkout gets its own, and tokens survive restarts because the file does.
 */
final class JwtSecret {

    private static final int BYTES = 48;

    private JwtSecret() {
    }

    record Secret(String value, boolean created) {
    }

    static Secret ensure(Path file) throws IOException {
        if (!Files.exists(file)) {
            byte[] raw = new byte[BYTES];
            new SecureRandom().nextBytes(raw);
            String value = Base64.getEncoder().encodeToString(raw);
            Files.createDirectories(file.getParent());
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, value + "\n");
                return new Secret(value, true);
            } catch (FileAlreadyExistsException raced) {
                // another launcher made it first: use theirs
            }
        }
        String value = Files.readString(file).trim();
        if (value.isEmpty()) {
            throw new IOException(file + " is empty: delete it and a new secret is made");
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return new Secret(value, false);
    }
}
