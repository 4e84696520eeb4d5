package com.seckill.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ./seckill bench [scenario] [options]}: brings the suite up if it is not, starts the naive rival
 * beside it (the gateway always carries the routes to it), runs the load tool (tools/loadtest) against
 * both in its own JVM, then stops the rival and gives the order consumer back its write cap.
 */
final class BenchCommand {

    // The rival's route through the gateway: it answers once Eureka and the gateway both know baseline-sync.
    private static final String PROBE_PATH = "/bench/plain";

    private final Path repoRoot;
    private final Map<String, String> env;
    private final PrintStream out;
    private final boolean interactive;

    BenchCommand(Path repoRoot, Map<String, String> env, PrintStream out, boolean interactive) {
        this.repoRoot = repoRoot;
        this.env = env;
        this.out = out;
        this.interactive = interactive;
    }

    int run(List<String> loadtestArgs) throws SuiteException, IOException, InterruptedException {
        Suite suite = new Suite(SuiteConfig.fromEnv(repoRoot, env), out, interactive);
        SuiteConfig config = suite.config();
        if (!Files.isRegularFile(config.loadtestJar())) {
            throw new SuiteException("not built yet: " + config.loadtestJar() + "\nbuild with: ./mvnw -B -DskipTests install");
        }
        // The drain alone is the order consumer against MySQL: no rival, no gateway load.
        boolean rival = loadtestArgs.isEmpty() || !"drain".equals(loadtestArgs.get(0));
        try {
            Suite.UpResult up = suite.up(false);
            if (rival) {
                suite.start(Service.BASELINE_SYNC);
                awaitRoute(suite);
            }
            return loadtest(suite, up.endpoints(), loadtestArgs);
        } finally {
            out.println("bench: " + (rival ? "stopping the rival; " : "") + "the order consumer (restarted without"
                    + " its write cap to measure the drain) goes back to its normal settings");
            suite.stop(Service.BASELINE_SYNC, false);
            suite.stop(Service.ORDER_CONSUMER, false);
            suite.start(Service.ORDER_CONSUMER);
        }
    }

    private void awaitRoute(Suite suite) throws SuiteException {
        if (suite.awaitRoutable(PROBE_PATH, suite.config().routableTimeout()).isEmpty()) {
            throw new SuiteException("the gateway does not route " + PROBE_PATH + " to baseline-sync after "
                    + suite.config().routableTimeout().toSeconds() + " s: ./seckill logs baseline-sync");
        }
    }

    private int loadtest(Suite suite, Endpoints endpoints, List<String> args)
            throws SuiteException, IOException, InterruptedException {
        SuiteConfig config = suite.config();
        List<String> command = new ArrayList<>(List.of(config.javaCommand(),
                // A burst is thousands of client threads; the tool's own pauses must not blur its timings.
                "-Xms512m", "-Xmx1g", "-XX:+UseParallelGC", "-jar", config.loadtestJar().toString(), "bench"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO().directory(repoRoot.toFile());
        Map<String, String> childEnv = builder.environment();
        childEnv.putAll(config.env());
        childEnv.put("SECKILL_JWT_SECRET", suite.jwtSecret());
        childEnv.put("SECKILL_GATEWAY_URL", "http://127.0.0.1:" + config.port(Service.GATEWAY));
        childEnv.put("SECKILL_ORDER_PORT", Integer.toString(config.port(Service.ORDER)));
        childEnv.put("SECKILL_REDIS_URL", endpoints.redisUrl());
        // The drain phase sends its backlog of orders to the broker itself.
        childEnv.put("SECKILL_ROCKETMQ_NAMESRV", endpoints.rocketmqNamesrv());
        childEnv.put("SECKILL_MYSQL_URL", endpoints.mysqlUrl());
        childEnv.put("SECKILL_MYSQL_USER", endpoints.mysqlUser());
        childEnv.put("SECKILL_MYSQL_PASSWORD", endpoints.mysqlPassword());
        childEnv.put("SECKILL_PIDS_DIR", config.pidsDir().toString());
        childEnv.put("SECKILL_REPO", repoRoot.toString());
        childEnv.put("SECKILL_BENCH_REPORTS", config.benchDir().toString());
        return builder.start().waitFor();
    }
}
