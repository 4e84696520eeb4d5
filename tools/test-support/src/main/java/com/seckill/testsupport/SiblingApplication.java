package com.seckill.testsupport;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.JarFile;

/**
 * Runs another service of the suite in the test's JVM, as its own application context. Every
 * service has an {@code application.yml} at the root of its classpath, and the test's own service
 * comes first on the classpath, so the sibling would read the wrong one: this points it at the
 * file inside its own jar (or classes folder) instead.
 */
public final class SiblingApplication {

    private SiblingApplication() {
    }

    /** Starts the application on a free port, on the test servers, with the given extra properties. */
    public static ConfigurableApplicationContext start(Class<?> application, Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>();
        TestServers.register((name, value) -> all.put(name, value.get()));
        all.put("server.port", 0);
        all.put("spring.config.location", ownConfigOf(application).toUri().toString());
        all.putAll(properties);
        return new SpringApplicationBuilder(application).properties(all).run();
    }

    private static Path ownConfigOf(Class<?> application) {
        try {
            Path codeSource = Path.of(application.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(codeSource)) {
                return codeSource.resolve("application.yml");
            }
            Path copy = Files.createTempFile(application.getSimpleName() + "-", ".yml");
            copy.toFile().deleteOnExit();
            try (JarFile jar = new JarFile(codeSource.toFile());
                 InputStream in = jar.getInputStream(jar.getEntry("application.yml"))) {
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the application.yml of " + application.getName(), e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
