package com.seckill.launcher;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's picture of the suite is checked against the code: its services are the launcher's, and
 * every call one service makes to another (a gateway route, an OpenFeign client) is an arrow in it.
 */
class ReadmeDiagramTest {

    private static final Path REPO = Path.of(System.getProperty("seckill.repo", "../..")).toAbsolutePath().normalize();
    private static final Pattern NODE = Pattern.compile("(\\w+)\\[\\(?([a-z-]+-service)");
    private static final Pattern EDGE = Pattern.compile("^\\s*(\\w+)\\s*-[-.]+>(?:\\|[^|]*\\|)?\\s*(\\w+)", Pattern.MULTILINE);
    private static final Pattern FEIGN = Pattern.compile("@FeignClient\\(name = \"([a-z-]+)\"");
    private static final Pattern ROUTE = Pattern.compile("uri: lb://([a-z-]+)");

    private final String diagram = mermaid(read(REPO.resolve("README.md")));
    private final Map<String, String> serviceOfNode = nodes(diagram);

    @Test
    void theDiagramShowsExactlyTheServicesTheLauncherStarts() {
        Set<String> started = Service.startOrder().stream().filter(s -> !s.isInfra()).map(Service::displayName)
                .collect(Collectors.toSet());

        assertThat(Set.copyOf(serviceOfNode.values())).isEqualTo(started);
    }

    @Test
    void everyCallBetweenServicesIsAnArrow() {
        Set<String> arrows = arrows(diagram, serviceOfNode);
        Set<String> calls = new HashSet<>();
        for (Service s : Service.startOrder()) {
            Path module = REPO.resolve(s.moduleDir()).resolve("src/main");
            sources(module).forEach(text -> {
                FEIGN.matcher(text).results().forEach(m -> calls.add(s.displayName() + " -> " + m.group(1)));
                ROUTE.matcher(text).results().forEach(m -> calls.add(s.displayName() + " -> " + m.group(1)));
            });
        }

        assertThat(calls).as("calls found in the code").contains("gateway-service -> order-service",
                "order-service -> inventory-service");
        assertThat(arrows).containsAll(calls);
    }

    private static String mermaid(String readme) {
        int start = readme.indexOf("```mermaid");
        return readme.substring(start, readme.indexOf("```", start + 3));
    }

    private static Map<String, String> nodes(String diagram) {
        Map<String, String> nodes = new HashMap<>();
        NODE.matcher(diagram).results().forEach(m -> nodes.put(m.group(1), m.group(2)));
        return nodes;
    }

    private static Set<String> arrows(String diagram, Map<String, String> serviceOfNode) {
        Set<String> arrows = new HashSet<>();
        Matcher m = EDGE.matcher(diagram);
        while (m.find()) {
            String from = serviceOfNode.get(m.group(1));
            String to = serviceOfNode.get(m.group(2));
            if (from != null && to != null) {
                arrows.add(from + " -> " + to);
            }
        }
        return arrows;
    }

    /** The text of every .java and .yml file under {@code dir}. */
    private static Stream<String> sources(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".java") || f.toString().endsWith(".yml"))
                    .map(ReadmeDiagramTest::read).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
