package com.seckill.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the infra JVM must provide. Anything the user points at, or that already listens on its
 * usual local port, is used as is; only the rest is embedded. A pure function of the config and a
 * port probe, so every branch is unit-testable.
 */
public record InfraPlan(Component rocketmq, Component redis, Component mysql, String mysqlUser,
                        String mysqlPassword) {

    public enum Source {
        /** Given by an environment variable. */
        CONFIGURED,
        /** Not configured, but the usual local port already answers. */
        LISTENING,
        /** Started by the infra JVM. */
        EMBEDDED
    }

    /**
     * @param address where it is (for EMBEDDED: where it is expected; the ready file has the final word)
     * @param port    the port the infra JVM is told to use (EMBEDDED only, else 0)
     */
    public record Component(String name, Source source, String address, int port, String envName) {

        public boolean embedded() {
            return source == Source.EMBEDDED;
        }
    }

    public static InfraPlan decide(SuiteConfig config, PortProbe probe) {
        Component rocketmq = config.get("SECKILL_ROCKETMQ_NAMESRV")
                .map(v -> new Component("rocketmq", Source.CONFIGURED, v, 0, "SECKILL_ROCKETMQ_NAMESRV"))
                // No "already listening" check: a stray name server of another run would be reused
                // with topics and state the suite did not create.
                .orElseGet(() -> new Component("rocketmq", Source.EMBEDDED,
                        "127.0.0.1:" + config.port(Service.INFRA), config.port(Service.INFRA), null));
        Component redis = configuredListeningOrEmbedded(config, probe, "redis", "SECKILL_REDIS_URL", "redis://",
                SuiteConfig.LOCAL_REDIS_PORT, config.embeddedRedisPort());
        Component mysql = configuredListeningOrEmbedded(config, probe, "mysql", "SECKILL_MYSQL_URL", "jdbc:mysql://",
                SuiteConfig.LOCAL_MYSQL_PORT, config.embeddedMysqlPort());
        return new InfraPlan(rocketmq, redis, mysql,
                config.get("SECKILL_MYSQL_USER").orElse("root"),
                // An empty password is a real value here (the local MariaDB's root has none).
                config.env().getOrDefault("SECKILL_MYSQL_PASSWORD", ""));
    }

    /** The configured server if its variable is set, else the one listening on its usual port, else an embedded one. */
    private static Component configuredListeningOrEmbedded(SuiteConfig config, PortProbe probe, String name, String variable,
                                                           String scheme, int localPort, int embeddedPort) {
        return config.get(variable)
                .map(v -> new Component(name, Source.CONFIGURED, v, 0, variable))
                .orElseGet(() -> probe.isOpen("127.0.0.1", localPort)
                        ? new Component(name, Source.LISTENING, scheme + "127.0.0.1:" + localPort, 0, null)
                        : new Component(name, Source.EMBEDDED, scheme + "127.0.0.1:" + embeddedPort, embeddedPort, null));
    }

    public List<Component> components() {
        return List.of(rocketmq, redis, mysql);
    }

    /** False when everything is external: then no infra JVM is started at all. */
    public boolean needsInfraJvm() {
        return components().stream().anyMatch(Component::embedded);
    }

    /** One line per decision, for the user to see what will be used. */
    public List<String> describe(SuiteConfig config) {
        return describe(config, false);
    }

    /** @param infraRunning the infra JVM is already up, so embedded parts are not started again */
    public List<String> describe(SuiteConfig config, boolean infraRunning) {
        List<String> lines = new ArrayList<>();
        for (Component c : components()) {
            String line = switch (c.source()) {
                case CONFIGURED -> c.name() + ": using " + c.address() + " (" + c.envName() + ")";
                case LISTENING -> c.name() + ": using " + hostPort(c.address()) + " (already listening)";
                case EMBEDDED -> c.name() + (infraRunning ? ": embedded in the running infra, on " : ": starting embedded on ") + c.port()
                        + (c == rocketmq ? " (name server), broker on " + config.brokerPort() : "");
            };
            lines.add(line);
        }
        if (!needsInfraJvm()) {
            lines.add("infra: not needed, everything is external");
        }
        return lines;
    }

    /** Arguments of InfraMain: only what must be embedded. */
    public List<String> infraArgs(Path dataDir, Path readyFile, SuiteConfig config) {
        List<String> args = new ArrayList<>(List.of(
                "--data-dir", dataDir.toString(), "--ready-file", readyFile.toString()));
        if (rocketmq.embedded()) {
            args.addAll(List.of("--rocketmq-namesrv-port", Integer.toString(rocketmq.port()),
                    "--rocketmq-broker-port", Integer.toString(config.brokerPort())));
        } else {
            args.add("--no-rocketmq");
        }
        if (redis.embedded()) {
            args.addAll(List.of("--redis-port", Integer.toString(redis.port())));
        }
        if (mysql.embedded()) {
            args.addAll(List.of("--mysql-port", Integer.toString(mysql.port())));
        }
        return args;
    }

    /**
     * The addresses services get. For embedded parts the ready file (written by the infra JVM once
     * they are up) wins over the planned address, since it says where they really listen.
     */
    public Endpoints endpoints(Map<String, String> readyFile) {
        return new Endpoints(
                pick(rocketmq, readyFile, "rocketmq.namesrv"),
                pick(redis, readyFile, "redis.url"),
                pick(mysql, readyFile, "mysql.url"),
                mysqlUser, mysqlPassword);
    }

    /** Ports the infra JVM will bind, to refuse early when something else already holds one. */
    public List<Integer> portsToBind(SuiteConfig config) {
        List<Integer> ports = new ArrayList<>();
        if (rocketmq.embedded()) {
            ports.add(rocketmq.port());
            ports.add(config.brokerPort());
        }
        if (redis.embedded()) {
            ports.add(redis.port());
        }
        if (mysql.embedded()) {
            ports.add(mysql.port());
        }
        return ports;
    }

    private static String pick(Component c, Map<String, String> readyFile, String key) {
        if (c.embedded()) {
            String v = readyFile.get(key);
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return c.address();
    }

    private static String hostPort(String url) {
        int scheme = url.indexOf("://");
        return scheme < 0 ? url : url.substring(scheme + 3);
    }
}
