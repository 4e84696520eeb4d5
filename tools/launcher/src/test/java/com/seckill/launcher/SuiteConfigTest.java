package com.seckill.launcher;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SuiteConfigTest {

    private static final Path ROOT = Path.of("/repo");

    @Test
    void defaultsFollowTheServiceTable() {
        SuiteConfig c = SuiteConfig.fromEnv(ROOT, Map.of());

        assertThat(c.home()).isEqualTo(Path.of("/repo/.seckill"));
        assertThat(c.port(Service.GATEWAY)).isEqualTo(8080);
        assertThat(c.port(Service.REGISTRY)).isEqualTo(8761);
        assertThat(c.port(Service.ORDER_CONSUMER)).isEqualTo(8084);
        assertThat(c.port(Service.INFRA)).isEqualTo(9876);
        assertThat(c.brokerPort()).isEqualTo(10911);
        assertThat(c.startTimeout()).isEqualTo(Duration.ofSeconds(180));
        assertThat(c.eurekaUrl()).isEqualTo("http://127.0.0.1:8761/eureka/");
        assertThat(c.readyFile()).isEqualTo(Path.of("/repo/.seckill/run/infra.ready"));
        assertThat(c.pidsDir()).isEqualTo(Path.of("/repo/.seckill/pids"));
        assertThat(c.logFile(Service.ORDER)).isEqualTo(Path.of("/repo/.seckill/logs/order-service.log"));
        assertThat(c.jar(Service.PRODUCT))
                .isEqualTo(Path.of("/repo/product-service/target/product-service-0.1.0-SNAPSHOT-exec.jar"));
        assertThat(c.jar(Service.INFRA))
                .isEqualTo(Path.of("/repo/tools/dev-infra/target/dev-infra-0.1.0-SNAPSHOT-exec.jar"));
    }

    @Test
    void environmentOverridesPortsHomeAndTimeouts() {
        SuiteConfig c = SuiteConfig.fromEnv(ROOT, Map.of(
                "SECKILL_HOME", "/tmp/h", "SECKILL_GATEWAY_PORT", "18080", "SECKILL_REGISTRY_PORT", "18761",
                "SECKILL_ROCKETMQ_BROKER_PORT", "20911", "SECKILL_START_TIMEOUT", "30s",
                "SECKILL_ROUTABLE_TIMEOUT", "5"));

        assertThat(c.home()).isEqualTo(Path.of("/tmp/h"));
        assertThat(c.port(Service.GATEWAY)).isEqualTo(18080);
        assertThat(c.eurekaUrl()).isEqualTo("http://127.0.0.1:18761/eureka/");
        assertThat(c.brokerPort()).isEqualTo(20911);
        assertThat(c.startTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.routableTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void everyProcessGetsExplicitMemoryCeilingsThenGlobalThenItsOwnOptions() {
        SuiteConfig c = SuiteConfig.fromEnv(ROOT, Map.of(
                "SECKILL_JAVA_OPTS", " -Xmx300m  -XX:+UseSerialGC ",
                "SECKILL_ORDER_SERVICE_JAVA_OPTS", "-Xmx400m"));

        assertThat(c.javaOptions(Service.ORDER)).containsSubsequence(
                "-Xms64m", "-Xmx256m", "-XX:MaxDirectMemorySize=128m", "-XX:MaxMetaspaceSize=192m", "-Xss512k",
                "-XX:ReservedCodeCacheSize=240m", "-XX:+ExitOnOutOfMemoryError", "-Xmx300m", "-XX:+UseSerialGC",
                "-Xmx400m");
        assertThat(c.javaOptions(Service.PRODUCT)).contains("-Xmx300m").doesNotContain("-Xmx400m");
        assertThat(c.javaOptions(Service.INFRA)).contains("-XX:MaxDirectMemorySize=512m", "-Xmx256m");
        assertThat(c.javaOptions(Service.GATEWAY)).contains(
                "-Djava.io.tmpdir=/repo/.seckill/run/gateway-service/tmp", "-Dseckill.process=gateway-service");
    }

    @Test
    void aSmallerHeapAloneStillStartsBecauseTheInitialHeapFollowsIt() {
        SuiteConfig c = SuiteConfig.fromEnv(ROOT, Map.of("SECKILL_JAVA_OPTS", "-Xmx32m"));

        assertThat(c.javaOptions(Service.PRODUCT)).endsWith("-Xmx32m", "-Xms32768k");
        assertThat(SuiteConfig.fromEnv(ROOT, Map.of("SECKILL_JAVA_OPTS", "-Xmx1g")).javaOptions(Service.PRODUCT))
                .endsWith("-Xmx1g");
        assertThat(SuiteConfig.lastSize(java.util.List.of("-Xms64m", "-Xms1G", "-Xmx"), "-Xms")).isEqualTo(1L << 30);
    }

    @Test
    void infraHasItsOwnJavaOptsVariable() {
        SuiteConfig c = SuiteConfig.fromEnv(ROOT, Map.of("SECKILL_INFRA_JAVA_OPTS", "-XX:MaxDirectMemorySize=1g"));

        assertThat(c.javaOptions(Service.INFRA)).endsWith("-XX:MaxDirectMemorySize=1g");
        assertThat(c.javaOptions(Service.REGISTRY)).doesNotContain("-XX:MaxDirectMemorySize=1g");
    }

    @Test
    void badValuesAreRejectedByName() {
        assertThatThrownBy(() -> SuiteConfig.fromEnv(ROOT, Map.of("SECKILL_PRODUCT_PORT", "http")))
                .hasMessageContaining("SECKILL_PRODUCT_PORT=http");
        assertThatThrownBy(() -> SuiteConfig.fromEnv(ROOT, Map.of("SECKILL_PRODUCT_PORT", "70000")))
                .hasMessageContaining("not a port");
        assertThatThrownBy(() -> SuiteConfig.fromEnv(ROOT, Map.of("SECKILL_START_TIMEOUT", "soon")))
                .hasMessageContaining("SECKILL_START_TIMEOUT");
    }

    @Test
    void twoProcessesOnOnePortAreRejected() {
        assertThatThrownBy(() -> SuiteConfig.fromEnv(ROOT, Map.of("SECKILL_GATEWAY_PORT", "8761")))
                .hasMessageContaining("SECKILL_GATEWAY_PORT").hasMessageContaining("SECKILL_REGISTRY_PORT");
    }

    @Test
    void javaHomeChoosesTheJavaOfTheProcesses() {
        String javaHome = System.getProperty("java.home");

        assertThat(SuiteConfig.fromEnv(ROOT, Map.of("JAVA_HOME", javaHome)).javaCommand())
                .isEqualTo(Path.of(javaHome, "bin", "java").toString());
        // a JAVA_HOME without a java falls back to the launcher's own
        assertThat(SuiteConfig.fromEnv(ROOT, Map.of("JAVA_HOME", "/nonexistent")).javaCommand())
                .isEqualTo(Path.of(javaHome, "bin", "java").toString());
    }

    @Test
    void theNewestJarOfAModuleIsFoundWhateverItsVersion(@org.junit.jupiter.api.io.TempDir Path root) throws Exception {
        Path target = java.nio.file.Files.createDirectories(root.resolve("order-service/target"));
        java.nio.file.Files.writeString(target.resolve("order-service-0.2.0-exec.jar"), "x");
        java.nio.file.Files.writeString(target.resolve("order-service-0.2.0.jar"), "plain, not runnable");

        assertThat(SuiteConfig.fromEnv(root, Map.of()).jar(Service.ORDER)).isEqualTo(target.resolve("order-service-0.2.0-exec.jar"));
    }
}
