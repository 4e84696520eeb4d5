package com.seckill.launcher;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The whole start/status/stop cycle against fake jars (tiny JVMs that keep the same contracts as
 * InfraMain and the Boot services), on free ports and in a temporary home.
 */
class SuiteTest {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private Suite suite;

    @AfterEach
    void stopEverything() {
        if (suite != null) {
            suite.down();
        }
    }

    private Suite suite(Map<String, String> extra) throws Exception {
        Path root = FakeRepo.create(tmp.resolve("repo"));
        Map<String, String> env = new HashMap<>(FreePorts.suiteEnv());
        env.put("SECKILL_HOME", tmp.resolve("home").toString());
        // light JVMs so seven of them start quickly on two cores
        env.put("SECKILL_JAVA_OPTS", "-Xms8m -Xmx32m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto");
        env.put("SECKILL_REDIS_URL", "redis://127.0.0.1:6379");
        env.put("SECKILL_MYSQL_URL", "jdbc:mysql://127.0.0.1:3306");
        env.put("SECKILL_START_TIMEOUT", "30");
        env.putAll(extra);
        suite = new Suite(SuiteConfig.fromEnv(root, env), new PrintStream(output, true, StandardCharsets.UTF_8), false);
        return suite;
    }

    @Test
    void upStartsEverythingInOrderWithTheRightEnvironmentAndDownLeavesNothing() throws Exception {
        Suite suite = suite(Map.of());
        SuiteConfig c = suite.config();

        Suite.UpResult up = suite.up();

        assertThat(up.started()).containsExactlyElementsOf(Service.startOrder());
        assertThat(up.endpoints().rocketmqNamesrv()).isEqualTo("127.0.0.1:" + c.port(Service.INFRA));
        assertThat(output.toString()).contains("redis: using redis://127.0.0.1:6379 (SECKILL_REDIS_URL)",
                "rocketmq: starting embedded on " + c.port(Service.INFRA), "product-service", "ready in");
        assertThat(Files.readString(c.dataDir().resolve("infra-args.txt")))
                .contains("--rocketmq-namesrv-port " + c.port(Service.INFRA), "--ready-file " + c.readyFile())
                .doesNotContain("--redis-port", "--mysql-port", "--no-rocketmq");

        List<ServiceStatus> status = suite.status();
        assertThat(status).allSatisfy(s -> {
            assertThat(s.state()).isEqualTo(ProcessState.RUNNING);
            assertThat(s.health()).isEqualTo("UP");
            assertThat(s.rssKb()).isPositive();
        });

        String env = get(c.port(Service.ORDER), "/env");
        String secret = Files.readString(c.jwtSecretFile()).trim();
        assertThat(env).contains(
                "SERVER_PORT=" + c.port(Service.ORDER),
                "SECKILL_EUREKA_URL=http://127.0.0.1:" + c.port(Service.REGISTRY) + "/eureka/",
                "SECKILL_ROCKETMQ_NAMESRV=127.0.0.1:" + c.port(Service.INFRA),
                "SECKILL_REDIS_URL=redis://127.0.0.1:6379",
                "SECKILL_MYSQL_URL=jdbc:mysql://127.0.0.1:3306",
                "SECKILL_MYSQL_USER=root",
                "SECKILL_JWT_SECRET=" + secret);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(c.jwtSecretFile()))).isEqualTo("rw-------");

        ProcessHandle order = suite.processes().running("order-service").orElseThrow();
        assertThat(order.info().arguments().orElseThrow()).containsSubsequence("-Xmx256m", "-Xmx32m", "-jar");

        // a second up touches nothing that runs
        assertThat(suite.up().alreadyRunning()).containsExactlyElementsOf(Service.startOrder());
        assertThat(suite.processes().running("order-service")).contains(order);
        assertThatThrownBy(() -> suite.up(true)).hasMessageContaining("refusing to clean");
        assertThat(suite.awaitRoutable(Duration.ofSeconds(5))).isPresent();

        ProcessHandle infraChild = ProcessHandle.of(Long.parseLong(
                Files.readString(c.dataDir().resolve("child.pid")).trim())).orElseThrow();
        List<ProcessHandle> all = status.stream().map(s -> ProcessHandle.of(s.pid()).orElseThrow()).toList();

        List<ProcessControl.StopResult> down = suite.down();

        assertThat(down).extracting(ProcessControl.StopResult::name).containsExactly(
                "gateway-service", "order-consumer-service", "order-service", "inventory-service",
                "product-service", "registry-service", "infra");
        assertThat(down).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(ProcessControl.Outcome.STOPPED));
        assertThat(all).noneMatch(Procs::isRunning);
        assertThat(Procs.isRunning(infraChild)).as("the infra JVM's native child").isFalse();
        assertThat(c.readyFile()).doesNotExist();
        assertThat(c.pidsDir()).isEmptyDirectory();
        assertThat(suite.status()).allSatisfy(s -> assertThat(s.state()).isEqualTo(ProcessState.STOPPED));
        assertThat(suite.down()).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(ProcessControl.Outcome.NOT_RUNNING));
    }

    @Test
    void aSecondInstanceRunsOnItsOwnPortAndIsStoppedShownAndStoppedByDownByItsName() throws Exception {
        Suite suite = suite(Map.of("SECKILL_ROCKETMQ_NAMESRV", "127.0.0.1:9"));
        SuiteConfig c = suite.config();
        suite.up();
        Instance second = Instance.of(Service.ORDER, FreePorts.pick(), c);

        suite.start(second);

        assertThat(second.name()).isEqualTo("order-service@" + second.port());
        assertThat(get(second.port(), "/env")).contains("SERVER_PORT=" + second.port(),
                "SECKILL_EUREKA_URL=http://127.0.0.1:" + c.port(Service.REGISTRY) + "/eureka/");
        assertThat(c.logFile(second)).content().contains("starting order-service@" + second.port());
        assertThat(suite.processes().running(second.name()).orElseThrow().info().arguments().orElseThrow())
                .contains("-Dseckill.process=" + second.name());
        assertThat(suite.extraInstances(Service.ORDER)).containsExactly(second);
        assertThat(suite.status()).extracting(r -> r.instance().name()).containsSubsequence(
                "order-service", second.name(), "order-consumer-service");
        assertThat(Instance.parse(second.name(), c)).contains(second);
        assertThatThrownBy(() -> suite.start(Instance.of(Service.REGISTRY, FreePorts.pick(), c)))
                .hasMessageContaining("registry-service runs once");
        assertThatThrownBy(() -> suite.start(Instance.of(Service.ORDER, c.port(Service.GATEWAY), c)))
                .hasMessageContaining("is gateway-service's");

        assertThat(suite.stop(second, true).outcome()).isEqualTo(ProcessControl.Outcome.KILLED);
        assertThat(suite.processes().running("order-service")).as("the first instance").isPresent();
        suite.start(second);

        assertThat(suite.down()).extracting(ProcessControl.StopResult::name)
                .containsSubsequence("order-consumer-service", second.name(), "order-service", "inventory-service");
        assertThat(c.pidsDir()).isEmptyDirectory();
    }

    @Test
    void aServiceDyingDuringStartStopsUpWithItsLogAndNoInfraWhenAllIsExternal() throws Exception {
        Suite suite = suite(Map.of("SECKILL_ROCKETMQ_NAMESRV", "127.0.0.1:9", "FAKE_EXIT", "inventory-service"));

        assertThatThrownBy(suite::up).isInstanceOf(SuiteException.class)
                .hasMessageContaining("inventory-service exited before it was ready")
                .hasMessageContaining("| fake failure of inventory-service")
                .hasMessageContaining("./seckill down");

        assertThat(output.toString()).contains("infra: not needed");
        assertThat(suite.processes().state("infra")).isEqualTo(ProcessState.STOPPED);
        assertThat(suite.processes().state("product-service")).isEqualTo(ProcessState.RUNNING);
        assertThat(suite.processes().state("inventory-service")).isEqualTo(ProcessState.DEAD_PIDFILE);
        assertThat(suite.processes().state("order-service")).isEqualTo(ProcessState.STOPPED);
    }

    @Test
    void aServiceThatNeverGetsReadyTimesOutAndSaysWhatItAnswered() throws Exception {
        Suite suite = suite(Map.of("SECKILL_ROCKETMQ_NAMESRV", "127.0.0.1:9", "FAKE_NOT_READY", "registry-service",
                "SECKILL_START_TIMEOUT", "2"));

        assertThatThrownBy(suite::up)
                .hasMessageContaining("registry-service was not ready within 2 s (SECKILL_START_TIMEOUT)")
                .hasMessageContaining("/actuator/health/readiness answers HTTP 503")
                .hasMessageContaining("| fake registry-service listening on");
        assertThat(suite.processes().state("registry-service")).isEqualTo(ProcessState.RUNNING);
        assertThat(suite.status().get(1).health()).isEqualTo("DOWN");
    }

    @Test
    void aPortTakenByAStrangerIsRefusedBeforeStarting() throws Exception {
        Suite suite = suite(Map.of("SECKILL_ROCKETMQ_NAMESRV", "127.0.0.1:9"));
        try (java.net.ServerSocket stranger = new java.net.ServerSocket(suite.config().port(Service.REGISTRY), 50,
                java.net.InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(suite::up).hasMessageContaining("port " + stranger.getLocalPort() + " is already taken")
                    .hasMessageContaining("SECKILL_REGISTRY_PORT");
        }
        assertThat(suite.processes().state("registry-service")).isEqualTo(ProcessState.STOPPED);
    }

    @Test
    void missingJarsAreNamedBeforeAnythingStarts() throws Exception {
        Suite suite = suite(Map.of());
        Files.delete(suite.config().jar(Service.GATEWAY));

        assertThat(suite.missingJars()).containsExactly(suite.config().jar(Service.GATEWAY));
        assertThatThrownBy(suite::up).hasMessageContaining("not built yet").hasMessageContaining("gateway-service");
        assertThat(suite.status()).noneMatch(ServiceStatus::running);
    }

    private static String get(int port, String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.body();
    }
}
