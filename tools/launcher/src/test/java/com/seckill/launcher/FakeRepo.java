package com.seckill.launcher;

import com.seckill.launcher.fake.FakeInfra;
import com.seckill.launcher.fake.FakeService;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/** A repository root whose modules' exec jars are the fakes: the launcher cannot tell the difference. */
final class FakeRepo {

    private FakeRepo() {
    }

    static Path create(Path root) throws IOException {
        for (Service s : Service.values()) {
            Path jar = root.resolve(s.moduleDir()).resolve("target")
                    .resolve(s.artifactId() + "-0.1.0-SNAPSHOT-exec.jar");
            writeJar(jar, s.isInfra() ? FakeInfra.class : FakeService.class);
        }
        // `bench` runs the load tool's jar; the launcher only checks that it is there.
        writeJar(root.resolve("tools/loadtest/target/loadtest.jar"), FakeService.class);
        return root;
    }

    static Path testClasses() {
        try {
            return Path.of(FakeRepo.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writeJar(Path jar, Class<?> main) throws IOException {
        Files.createDirectories(jar.getParent());
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().put(Attributes.Name.MAIN_CLASS, main.getName());
        Path fakeDir = testClasses().resolve("com/seckill/launcher/fake");
        try (OutputStream os = Files.newOutputStream(jar);
             JarOutputStream out = new JarOutputStream(os, mf);
             Stream<Path> classes = Files.list(fakeDir)) {
            for (Path c : classes.toList()) {
                out.putNextEntry(new JarEntry("com/seckill/launcher/fake/" + c.getFileName()));
                out.write(Files.readAllBytes(c));
                out.closeEntry();
            }
        }
    }
}
