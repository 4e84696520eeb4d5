package com.seckill.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code ./seckill <verb>}: parses the command line and hands over to {@link Suite}. */
public final class SeckillCli {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    static final String USAGE_TEXT = """
            usage: ./seckill <command>

              up [--clean] [--build]    start the suite (infra, registry, services, gateway) and wait
                                        until each is ready; --clean wipes data and logs first,
                                        --build rebuilds the jars first
              down                      stop everything (gateway first, infra last); data is kept
              status                    state, port, pid, memory and health of each process
              start <name> [--port N]   start one process; --port: another instance of a service on
                                        port N, found through Eureka like the first and named
                                        <name>@N (e.g. order-service@8183) by stop, logs and status
              stop <name> [--kill]      stop one process (--kill: SIGKILL at once)
              logs <name> [-f]          last 200 lines of its log (-f: follow)
              bench [scenario] [opts]   the Black Friday benchmark (about 6 minutes): ceilings of this
                                        box, the suite and the naive baseline under the same loads in
                                        alternating rounds (medians and spread reported), the order
                                        consumer's uncapped drain of a backlog, invariants after the
                                        drain; scenario flash-sale (all, default), sold-out, browse or
                                        drain; opts: --buyers 2000 --units 100 --concurrency 500
                                        --phase PT10S --rounds 3 (1: a single pass) --backlog 100000
                                        --warm-up 100000 [--pay-within PT15M];
                                        report in SECKILL_HOME/bench
              help                      this text

            names: %s

            environment (all optional):
              SECKILL_HOME                      state dir (default <repo>/.seckill)
              SECKILL_<NAME>_PORT               e.g. SECKILL_GATEWAY_PORT=8080, SECKILL_REGISTRY_PORT=8761,
                                                SECKILL_ROCKETMQ_NAMESRV_PORT, SECKILL_ROCKETMQ_BROKER_PORT
              SECKILL_ROCKETMQ_NAMESRV          use this name server instead of the embedded one
              SECKILL_REDIS_URL                 use this Redis (default: 127.0.0.1:6379 if it answers,
                                                else embedded on SECKILL_EMBEDDED_REDIS_PORT)
              SECKILL_MYSQL_URL, _USER, _PASSWORD  use this MySQL (default: 127.0.0.1:3306 if it answers,
                                                else embedded on SECKILL_EMBEDDED_MYSQL_PORT)
              SECKILL_JAVA_OPTS                 JVM options for every process
              SECKILL_<NAME>_JAVA_OPTS          for one, e.g. SECKILL_ORDER_SERVICE_JAVA_OPTS, SECKILL_INFRA_JAVA_OPTS
              SECKILL_START_TIMEOUT             seconds to wait for each process (default 180)
              SECKILL_ROUTABLE_TIMEOUT          seconds to wait for the gateway to route (default 90)
              SECKILL_JWT_SECRET                token signing secret (default: generated once in SECKILL_HOME)
            """.formatted(Service.names());

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final Path repoRoot;
    private final boolean interactive;

    SeckillCli(PrintStream out, PrintStream err, Map<String, String> env, Path repoRoot, boolean interactive) {
        this.out = out;
        this.err = err;
        this.env = env;
        this.repoRoot = repoRoot;
        this.interactive = interactive;
    }

    public static void main(String[] args) {
        SeckillCli cli = new SeckillCli(System.out, System.err, System.getenv(), repoRoot(),
                System.console() != null);
        System.exit(cli.run(args));
    }

    int run(String[] argv) {
        List<String> args = new ArrayList<>(Arrays.asList(argv));
        String verb = args.isEmpty() ? "help" : args.remove(0);
        try {
            return switch (verb) {
                case "help", "-h", "--help" -> {
                    out.print(USAGE_TEXT);
                    yield OK;
                }
                case "up" -> up(flags(args, "--clean", "--build"));
                case "down" -> {
                    flags(args);
                    yield down();
                }
                case "status" -> {
                    flags(args);
                    out.print(StatusTable.render(suite().status()));
                    yield OK;
                }
                case "start" -> {
                    Suite suite = suite();
                    Instance i = instance(args, suite.config());
                    Optional<Integer> port = port(args);
                    flags(args);
                    suite.start(port.map(p -> Instance.of(i.service(), p, suite.config())).orElse(i));
                    yield OK;
                }
                case "stop" -> {
                    Suite suite = suite();
                    Instance i = instance(args, suite.config());
                    List<String> f = flags(args, "--kill");
                    ProcessControl.StopResult r = suite.stop(i, f.contains("--kill"));
                    yield r.outcome() == ProcessControl.Outcome.FAILED ? FAILED : OK;
                }
                case "logs" -> {
                    Suite suite = suite();
                    Instance i = instance(args, suite.config());
                    List<String> f = flags(args, "-f", "--follow");
                    yield logs(suite.config().logFile(i), i.name(), !f.isEmpty());
                }
                case "bench" -> new BenchCommand(repoRoot, env, out, interactive).run(args);
                // For the ./seckill script: is a build needed before `up`?
                case "check-jars" -> {
                    List<Path> missing = suite().missingJars();
                    missing.forEach(out::println);
                    yield missing.isEmpty() ? OK : FAILED;
                }
                default -> throw new UsageException("unknown command: " + verb);
            };
        } catch (UsageException e) {
            err.println("seckill: " + e.getMessage());
            err.println();
            err.print(USAGE_TEXT);
            return USAGE;
        } catch (IllegalArgumentException e) {
            // a bad SECKILL_* value
            err.println("seckill: " + e.getMessage());
            return USAGE;
        } catch (SuiteException e) {
            err.println();
            err.println("seckill: " + e.getMessage());
            return FAILED;
        } catch (IOException e) {
            err.println("seckill: " + e.getMessage());
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FAILED;
        }
    }

    private int up(List<String> flags) throws SuiteException {
        Suite suite = suite();
        // Ctrl-C ends only the launcher (the processes run in their own sessions); say what is left.
        Thread hint = new Thread(() -> err.println(
                "\nseckill: interrupted; what started keeps running: ./seckill status, ./seckill down"));
        Runtime.getRuntime().addShutdownHook(hint);
        Suite.UpResult result;
        try {
            result = suite.up(flags.contains("--clean"));
        } finally {
            Runtime.getRuntime().removeShutdownHook(hint);
        }
        SuiteConfig c = suite.config();
        out.println();
        out.println("suite is up" + (result.started().isEmpty() ? " (everything was already running)" : ""));
        out.println("  gateway            " + result.gatewayUrl());
        out.println("  eureka dashboard   " + result.eurekaUrl());
        out.println("  logs               " + c.logsDir());
        out.println("  ./seckill status   what runs, memory and health;  ./seckill down   stops it all");
        out.println();
        Optional<Duration> routable = suite.awaitRoutable(c.routableTimeout());
        if (routable.isEmpty()) {
            err.println("warning: the gateway does not route " + Suite.ROUTE_PROBE_PATH + " yet;"
                    + " the services are up, so it usually follows shortly");
        }
        return OK;
    }

    private int down() {
        List<ProcessControl.StopResult> results = suite().down();
        boolean failed = results.stream().anyMatch(r -> r.outcome() == ProcessControl.Outcome.FAILED);
        out.println(failed ? "some processes could not be stopped (see above)" : "all stopped");
        return failed ? FAILED : OK;
    }

    private int logs(Path log, String name, boolean follow) throws IOException {
        if (!Files.exists(log)) {
            err.println("seckill: no log for " + name + " yet (" + log + ")");
            return FAILED;
        }
        LogTail.lastLines(log, 200).forEach(out::println);
        out.flush();
        if (follow) {
            LogTail.follow(log, out);
        }
        return OK;
    }

    private Suite suite() {
        return new Suite(SuiteConfig.fromEnv(repoRoot, env), out, interactive);
    }

    /** A service's name, or {@code <name>@<port>} for another of its instances. */
    private static Instance instance(List<String> args, SuiteConfig config) throws UsageException {
        if (args.isEmpty() || args.get(0).startsWith("-")) {
            throw new UsageException("which one? one of: " + Service.names());
        }
        String name = args.remove(0);
        return Instance.parse(name, config)
                .orElseThrow(() -> new UsageException("unknown name: " + name + " (one of: " + Service.names()
                        + ", or <name>@<port> for another instance)"));
    }

    /** The value of {@code --port N}, taken out of the arguments. */
    private static Optional<Integer> port(List<String> args) throws UsageException {
        int at = args.indexOf("--port");
        if (at < 0) {
            return Optional.empty();
        }
        if (at + 1 >= args.size()) {
            throw new UsageException("--port needs a number");
        }
        String value = args.remove(at + 1);
        args.remove(at);
        try {
            int port = Integer.parseInt(value);
            if (port >= 1 && port <= 65535) {
                return Optional.of(port);
            }
        } catch (NumberFormatException e) {
            // the same message as out of range
        }
        throw new UsageException("--port " + value + " is not a port (1-65535)");
    }

    /** The remaining arguments, all of which must be among {@code allowed}. */
    private static List<String> flags(List<String> args, String... allowed) throws UsageException {
        List<String> ok = Arrays.asList(allowed);
        for (String a : args) {
            if (!ok.contains(a)) {
                throw new UsageException("unexpected argument: " + a);
            }
        }
        return args;
    }

    /**
     * The script passes -Dseckill.root; otherwise the jar's place tells it
     * (tools/launcher/target/launcher.jar, or target/classes when run from an IDE).
     */
    static Path repoRoot() {
        String given = System.getProperty("seckill.root");
        if (given != null && !given.isBlank()) {
            return Path.of(given);
        }
        try {
            Path p = Path.of(SeckillCli.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path dir = p; dir != null; dir = dir.getParent()) {
                if (Files.isDirectory(dir.resolve("tools/launcher")) && Files.exists(dir.resolve("pom.xml"))) {
                    return dir;
                }
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall through to the working directory
        }
        return Path.of("").toAbsolutePath();
    }

    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }
}
