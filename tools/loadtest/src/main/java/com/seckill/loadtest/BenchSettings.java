package com.seckill.loadtest;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * What a bench run needs to know about the running suite, from the environment {@code ./seckill bench}
 * hands over (the same SECKILL_* names the services read), plus the few knobs of the run itself.
 *
 * @param backlog   orders the drain phase puts in front of the stopped consumer and measures
 * @param warmUp    orders put in front of those, drained first and not measured: the consumer's JVM is
 *                  fresh, and compiling its hot paths takes much of its first seconds
 * @param payWithin null: the backlog's orders carry no payBy, so the consumer schedules no payment timer
 *                  for them and nothing cancels them later; else each is due that long after it is placed
 * @param rounds    how often each comparison of the suite with its rival (burst, sold-out stream, orders
 *                  with plenty of stock) is run, alternating suite and rival; the report gives medians
 */
record BenchSettings(String scenario, URI gateway, String jwtSecret, String mysqlUrl, String mysqlUser,
                     String mysqlPassword, String orderTable, String baselineTable, String stockTable,
                     String redisHost, int redisPort,
                     URI orderServiceMetrics, String rocketmqNamesrv, Path pidsDir, Path launcher,
                     Path reserveScript, Path reportDir, int buyers, int units, int concurrency, Duration phase,
                     int backlog, int warmUp, Duration payWithin, int rounds) {

    static final List<String> SCENARIOS = List.of("flash-sale", "sold-out", "browse", "drain");
    static final String USAGE = "usage: java -jar loadtest.jar bench [flash-sale|sold-out|browse|drain]"
            + " [--buyers 2000] [--units 100] [--concurrency 500] [--phase PT10S] [--backlog 100000]"
            + " [--warm-up 100000] [--pay-within PT15M] [--rounds 3] [--report DIR]";

    static BenchSettings parse(String[] args, Map<String, String> env, LocalDateTime now) {
        String scenario = "flash-sale";
        int i = 0;
        if (args.length > 0 && !args[0].startsWith("--")) {
            scenario = args[0];
            i = 1;
            if (!SCENARIOS.contains(scenario)) {
                throw new IllegalArgumentException("unknown scenario '" + scenario + "', expected one of " + SCENARIOS);
            }
        }
        int buyers = 2_000;
        int units = 100;
        int concurrency = 500;
        Duration phase = Duration.ofSeconds(10);
        int backlog = 100_000;
        int warmUp = 100_000;
        Duration payWithin = null;
        // Three rounds: the median of three is the smallest that one wild round cannot move.
        int rounds = 3;
        Path report = Path.of(env.getOrDefault("SECKILL_BENCH_REPORTS", "target"),
                "bench-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(now));
        for (; i < args.length; i += 2) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = args[i + 1];
            switch (flag) {
                case "--buyers" -> buyers = Options.positive(flag, value);
                case "--units" -> units = Options.positive(flag, value);
                case "--concurrency" -> concurrency = Options.positive(flag, value);
                case "--phase" -> phase = positiveDuration(flag, value);
                case "--backlog" -> backlog = Options.positive(flag, value);
                case "--warm-up" -> warmUp = "0".equals(value) ? 0 : Options.positive(flag, value);
                case "--pay-within" -> payWithin = positiveDuration(flag, value);
                case "--rounds" -> rounds = Options.positive(flag, value);
                case "--report" -> report = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option '" + flag + "'");
            }
        }
        URI redis = URI.create(env.getOrDefault("SECKILL_REDIS_URL", "redis://127.0.0.1:6379"));
        String repo = env.getOrDefault("SECKILL_REPO", ".");
        String pids = env.get("SECKILL_PIDS_DIR");
        return new BenchSettings(scenario,
                URI.create(env.getOrDefault("SECKILL_GATEWAY_URL", "http://localhost:8080")),
                env.get("SECKILL_JWT_SECRET"),
                env.getOrDefault("SECKILL_MYSQL_URL", "jdbc:mysql://127.0.0.1:3306"),
                env.getOrDefault("SECKILL_MYSQL_USER", "root"),
                env.getOrDefault("SECKILL_MYSQL_PASSWORD", ""),
                env.getOrDefault("SECKILL_ORDER_DB", "seckill_order") + ".orders",
                env.getOrDefault("SECKILL_BASELINE_DB", "seckill_baseline") + ".orders",
                env.getOrDefault("SECKILL_INVENTORY_DB", "seckill_inventory") + ".activity_stock",
                redis.getHost(), redis.getPort() > 0 ? redis.getPort() : 6379,
                URI.create("http://localhost:" + env.getOrDefault("SECKILL_ORDER_PORT", "8083") + "/actuator/prometheus"),
                env.getOrDefault("SECKILL_ROCKETMQ_NAMESRV", "127.0.0.1:9876"),
                pids == null ? null : Path.of(pids),
                Path.of(repo, "seckill"),
                Path.of(repo, "inventory-service", "src", "main", "resources", "scripts", "reserve.lua"),
                report, buyers, units, concurrency, phase, backlog, warmUp, payWithin, rounds);
    }

    private static Duration positiveDuration(String name, String value) {
        try {
            Duration d = Duration.parse(value);
            if (!d.isNegative() && !d.isZero()) {
                return d;
            }
        } catch (java.time.format.DateTimeParseException ignored) {
            // same message as a non-positive duration
        }
        throw new IllegalArgumentException(name + " must be a positive ISO-8601 duration like PT10S, got '" + value + "'");
    }
}
