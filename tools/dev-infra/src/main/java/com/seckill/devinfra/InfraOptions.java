package com.seckill.devinfra;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/** InfraMain's command line: {@code --name value} or {@code --name=value}. */
record InfraOptions(
    Path dataDir,
    Path readyFile,
    boolean rocketMq,
    int namesrvPort,
    int brokerPort,
    List<String> topics,
    OptionalInt redisPort,
    OptionalInt mysqlPort) {

    static final String USAGE = """
        usage: InfraMain --data-dir <dir> --ready-file <file>
                         [--rocketmq-namesrv-port <p> (9876)] [--rocketmq-broker-port <p> (10911)]
                         [--no-rocketmq] [--topics a,b,c] [--redis-port <p>] [--mysql-port <p>]""";

    private static final Set<String> VALUE_OPTIONS = Set.of("--data-dir", "--ready-file", "--rocketmq-namesrv-port",
        "--rocketmq-broker-port", "--redis-port", "--mysql-port", "--topics");

    static InfraOptions parse(String... args) {
        Path dataDir = null;
        Path readyFile = null;
        boolean rocketMq = true;
        int namesrvPort = 9876;
        int brokerPort = 10911;
        List<String> topics = InfraMain.DEFAULT_TOPICS;
        OptionalInt redisPort = OptionalInt.empty();
        OptionalInt mysqlPort = OptionalInt.empty();

        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String inlineValue = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                inlineValue = arg.substring(eq + 1);
            }
            if (name.equals("--no-rocketmq")) {
                rocketMq = false;
                continue;
            }
            if (!VALUE_OPTIONS.contains(name)) {
                throw new IllegalArgumentException("unknown option " + name);
            }
            String value;
            if (inlineValue != null) {
                value = inlineValue;
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("missing value for " + name);
            }
            switch (name) {
                case "--data-dir" -> dataDir = Path.of(value).toAbsolutePath().normalize();
                case "--ready-file" -> readyFile = Path.of(value).toAbsolutePath().normalize();
                case "--rocketmq-namesrv-port" -> namesrvPort = port(name, value);
                case "--rocketmq-broker-port" -> brokerPort = port(name, value);
                case "--redis-port" -> redisPort = OptionalInt.of(port(name, value));
                case "--mysql-port" -> mysqlPort = OptionalInt.of(port(name, value));
                case "--topics" -> topics = topics(value);
                default -> throw new IllegalStateException("option without a case: " + name);
            }
        }
        if (dataDir == null) {
            throw new IllegalArgumentException("--data-dir is required");
        }
        if (readyFile == null) {
            throw new IllegalArgumentException("--ready-file is required");
        }
        return new InfraOptions(dataDir, readyFile, rocketMq, namesrvPort, brokerPort, topics, redisPort, mysqlPort);
    }

    private static int port(String name, String value) {
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a port number (0 = any free port), not '" + value + "'");
        }
    }

    private static List<String> topics(String value) {
        List<String> topics = new ArrayList<>();
        Arrays.stream(value.split(",")).map(String::trim).filter(t -> !t.isEmpty()).forEach(topics::add);
        return List.copyOf(topics);
    }
}
