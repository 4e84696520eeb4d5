package com.seckill.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the launcher takes from its environment, resolved once: ports, paths under the home
 * directory, memory settings and timeouts. Built from a plain map so a test can describe a whole
 * suite (own home, own ports) without touching the real environment.
 */
public final class SuiteConfig {

    // The code cache at the JDK's own size: it is reserved, not committed. Under a 64m cap the
    // gateway's sweeper reclaimed thousands of compiled methods under load and C2 compiled them again,
    // at times a whole core of the two (docs/benchmarks.md).
    static final List<String> SERVICE_MEMORY = List.of(
            "-Xms64m", "-Xmx256m", "-XX:MaxDirectMemorySize=128m", "-XX:MaxMetaspaceSize=192m",
            "-Xss512k", "-XX:ReservedCodeCacheSize=240m");
    // The broker needs far more direct memory than heap once delay/timer messages come due
    // (see shared/versions.md: 64m direct failed with "Cannot reserve ... direct buffer memory").
    static final List<String> INFRA_MEMORY = List.of(
            "-Xms64m", "-Xmx256m", "-XX:MaxDirectMemorySize=512m", "-XX:MaxMetaspaceSize=192m",
            "-Xss512k", "-XX:ReservedCodeCacheSize=240m");

    public static final int DEFAULT_BROKER_PORT = 10911;
    public static final int LOCAL_REDIS_PORT = 6379;
    public static final int LOCAL_MYSQL_PORT = 3306;

    private final Path repoRoot;
    private final Path home;
    private final Map<String, String> env;
    private final Map<Service, Integer> ports;
    private final int brokerPort;
    private final int embeddedRedisPort;
    private final int embeddedMysqlPort;
    private final Duration startTimeout;
    private final Duration routableTimeout;
    private final String javaCommand;

    private SuiteConfig(Path repoRoot, Map<String, String> env) {
        this.repoRoot = repoRoot.toAbsolutePath().normalize();
        this.env = Collections.unmodifiableMap(new HashMap<>(env));
        this.home = get("SECKILL_HOME").map(Path::of).orElse(this.repoRoot.resolve(".seckill"))
                .toAbsolutePath().normalize();
        Map<Service, Integer> p = new EnumMap<>(Service.class);
        for (Service s : Service.values()) {
            p.put(s, port(s.portEnv(), s.defaultPort()));
        }
        this.ports = Collections.unmodifiableMap(p);
        this.brokerPort = port("SECKILL_ROCKETMQ_BROKER_PORT", DEFAULT_BROKER_PORT);
        this.embeddedRedisPort = port("SECKILL_EMBEDDED_REDIS_PORT", LOCAL_REDIS_PORT);
        this.embeddedMysqlPort = port("SECKILL_EMBEDDED_MYSQL_PORT", LOCAL_MYSQL_PORT);
        this.startTimeout = seconds("SECKILL_START_TIMEOUT", 180);
        this.routableTimeout = seconds("SECKILL_ROUTABLE_TIMEOUT", 90);
        this.javaCommand = get("JAVA_HOME").map(h -> Path.of(h, "bin", "java"))
                .filter(Files::isExecutable)
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java"))
                .toString();
        rejectPortClashes();
    }

    /**
     * @param repoRoot where the modules' {@code target/*-exec.jar} files are
     * @param env      the variables to read (SECKILL_*, JAVA_HOME); they are also laid over the
     *                 launcher's own environment for every process it starts
     */
    public static SuiteConfig fromEnv(Path repoRoot, Map<String, String> env) {
        return new SuiteConfig(repoRoot, env);
    }

    public Path repoRoot() {
        return repoRoot;
    }

    public Path home() {
        return home;
    }

    /** The map this config was built from; children get it on top of the launcher's environment. */
    public Map<String, String> env() {
        return env;
    }

    /** A variable, treating blank as unset (so {@code FOO= ./seckill up} means "not set"). */
    public Optional<String> get(String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    /** HTTP port of a service; for INFRA the RocketMQ name server port. */
    public int port(Service s) {
        return ports.get(s);
    }

    public int brokerPort() {
        return brokerPort;
    }

    public int embeddedRedisPort() {
        return embeddedRedisPort;
    }

    public int embeddedMysqlPort() {
        return embeddedMysqlPort;
    }

    public Duration startTimeout() {
        return startTimeout;
    }

    public Duration routableTimeout() {
        return routableTimeout;
    }

    /** Infra gets longer: the broker's Netty shutdown alone takes 12-18 s. */
    public Duration stopTimeout(Service s) {
        return Duration.ofSeconds(s.isInfra() ? 40 : 30);
    }

    public String javaCommand() {
        return javaCommand;
    }

    public Path loadtestJar() {
        return repoRoot.resolve("tools/loadtest/target/loadtest.jar");
    }

    /** Where bench reports go, one folder per run. */
    public Path benchDir() {
        return home.resolve("bench");
    }

    public Path pidsDir() {
        return home.resolve("pids");
    }

    public Path logsDir() {
        return home.resolve("logs");
    }

    public Path dataDir() {
        return home.resolve("data");
    }

    public Path runDir() {
        return home.resolve("run");
    }

    public Path readyFile() {
        return runDir().resolve("infra.ready");
    }

    public Path jwtSecretFile() {
        return home.resolve("jwt-secret");
    }

    /** The first instance of a service: on its configured port, named as the service. */
    public Instance instance(Service s) {
        return new Instance(s, port(s), false);
    }

    public Path logFile(Service s) {
        return logFile(instance(s));
    }

    public Path logFile(Instance i) {
        return logsDir().resolve(i.name() + ".log");
    }

    /** Working directory (and tmpdir parent) of a process, so nothing it writes lands in the repo. */
    public Path workDir(Instance i) {
        return runDir().resolve(i.name());
    }

    public String eurekaUrl() {
        return "http://127.0.0.1:" + port(Service.REGISTRY) + "/eureka/";
    }

    /**
     * The runnable jar of a module. Matched by pattern rather than a fixed version so a version bump
     * in the root pom needs no change here; if none exists, the path the build would produce.
     */
    public Path jar(Service s) {
        Path target = repoRoot.resolve(s.moduleDir()).resolve("target");
        String glob = s.artifactId() + "-*-exec.jar";
        if (Files.isDirectory(target)) {
            try (DirectoryStream<Path> found = Files.newDirectoryStream(target, glob)) {
                Path newest = null;
                for (Path p : found) {
                    if (newest == null || Files.getLastModifiedTime(p).compareTo(Files.getLastModifiedTime(newest)) > 0) {
                        newest = p;
                    }
                }
                if (newest != null) {
                    return newest;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return target.resolve(s.artifactId() + "-0.1.0-SNAPSHOT-exec.jar");
    }

    /**
     * JVM options: the defaults (explicit memory ceilings, so seven JVMs fit the RSS budget), then
     * SECKILL_JAVA_OPTS, then SECKILL_<NAME>_JAVA_OPTS. HotSpot takes the last of repeated flags, so
     * later ones override.
     */
    public List<String> javaOptions(Service s) {
        return javaOptions(instance(s));
    }

    /** As {@link #javaOptions(Service)}, with the instance's own tmpdir and process name. */
    public List<String> javaOptions(Instance i) {
        Service s = i.service();
        List<String> opts = new ArrayList<>(s.isInfra() ? INFRA_MEMORY : SERVICE_MEMORY);
        opts.add("-XX:+ExitOnOutOfMemoryError");
        opts.add("-Djava.io.tmpdir=" + workDir(i).resolve("tmp"));
        // Lets `ps` tell the suite's JVMs apart from other Java processes on the machine.
        opts.add("-Dseckill.process=" + i.name());
        get("SECKILL_JAVA_OPTS").ifPresent(v -> opts.addAll(split(v)));
        get("SECKILL_" + s.envKey() + "_JAVA_OPTS").ifPresent(v -> opts.addAll(split(v)));
        // "-Xmx128m" alone must not fail with "Initial heap size set to a larger value than the
        // maximum heap size" because of our default -Xms: lower -Xms to fit.
        long xms = lastSize(opts, "-Xms");
        long xmx = lastSize(opts, "-Xmx");
        if (xms > 0 && xmx > 0 && xms > xmx) {
            opts.add("-Xms" + xmx / 1024 + "k");
        }
        return opts;
    }

    /** Bytes of the last {@code <prefix><size>} option, -1 if absent or unreadable. */
    static long lastSize(List<String> opts, String prefix) {
        long result = -1;
        for (String o : opts) {
            if (o.startsWith(prefix) && o.length() > prefix.length()) {
                result = parseSize(o.substring(prefix.length()));
            }
        }
        return result;
    }

    private static long parseSize(String v) {
        try {
            char unit = Character.toLowerCase(v.charAt(v.length() - 1));
            long mult = switch (unit) {
                case 'k' -> 1L << 10;
                case 'm' -> 1L << 20;
                case 'g' -> 1L << 30;
                case 't' -> 1L << 40;
                default -> 1;
            };
            String digits = Character.isDigit(unit) ? v : v.substring(0, v.length() - 1);
            return Long.parseLong(digits) * mult;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static List<String> split(String opts) {
        return Arrays.stream(opts.trim().split("\\s+")).filter(o -> !o.isEmpty()).toList();
    }

    private int port(String name, int fallback) {
        Optional<String> v = get(name);
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(v.get());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the variable's name, which is what the user needs
        }
        throw new IllegalArgumentException(name + "=" + v.get() + " is not a port (1-65535)");
    }

    private Duration seconds(String name, int fallback) {
        Optional<String> v = get(name);
        if (v.isEmpty()) {
            return Duration.ofSeconds(fallback);
        }
        String s = v.get().endsWith("s") ? v.get().substring(0, v.get().length() - 1) : v.get();
        try {
            long secs = Long.parseLong(s.trim());
            if (secs > 0) {
                return Duration.ofSeconds(secs);
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(name + "=" + v.get() + " is not a number of seconds");
    }

    private void rejectPortClashes() {
        Map<Integer, String> seen = new HashMap<>();
        for (Service s : Service.values()) {
            claim(seen, port(s), s.portEnv());
        }
        claim(seen, brokerPort, "SECKILL_ROCKETMQ_BROKER_PORT");
    }

    private static void claim(Map<Integer, String> seen, int port, String name) {
        String other = seen.putIfAbsent(port, name);
        if (other != null) {
            throw new IllegalArgumentException(name + " and " + other + " both use port " + port);
        }
    }
}
