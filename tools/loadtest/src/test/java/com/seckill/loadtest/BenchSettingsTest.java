package com.seckill.loadtest;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BenchSettingsTest {

    private static final LocalDateTime NOW = LocalDateTime.of(2026, 11, 27, 9, 5, 7);

    private static BenchSettings parse(Map<String, String> env, String... args) {
        return BenchSettings.parse(args, env, NOW);
    }

    @Test
    void anEmptyEnvironmentGivesTheLocalSuitesDefaults() {
        BenchSettings s = parse(Map.of());

        assertThat(s.scenario()).isEqualTo("flash-sale");
        assertThat(s.gateway()).isEqualTo(URI.create("http://localhost:8080"));
        assertThat(s.jwtSecret()).isNull();
        assertThat(s.mysqlUrl()).isEqualTo("jdbc:mysql://127.0.0.1:3306");
        assertThat(s.mysqlUser()).isEqualTo("root");
        assertThat(s.mysqlPassword()).isEmpty();
        assertThat(s.orderTable()).isEqualTo("seckill_order.orders");
        assertThat(s.baselineTable()).isEqualTo("seckill_baseline.orders");
        assertThat(s.redisHost()).isEqualTo("127.0.0.1");
        assertThat(s.redisPort()).isEqualTo(6379);
        assertThat(s.orderServiceMetrics()).isEqualTo(URI.create("http://localhost:8083/actuator/prometheus"));
        assertThat(s.pidsDir()).isNull();
        assertThat(s.launcher()).isEqualTo(Path.of(".", "seckill"));
        assertThat(s.reserveScript())
                .isEqualTo(Path.of(".", "inventory-service", "src", "main", "resources", "scripts", "reserve.lua"));
        assertThat(s.reportDir()).isEqualTo(Path.of("target", "bench-20261127-090507"));
        assertThat(s.buyers()).isEqualTo(2_000);
        assertThat(s.units()).isEqualTo(100);
        assertThat(s.concurrency()).isEqualTo(500);
        assertThat(s.phase()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.backlog()).isEqualTo(100_000);
        assertThat(s.warmUp()).isEqualTo(100_000);
        assertThat(s.stockTable()).isEqualTo("seckill_inventory.activity_stock");
        assertThat(s.rocketmqNamesrv()).isEqualTo("127.0.0.1:9876");
        assertThat(s.payWithin()).isNull();
        assertThat(s.rounds()).isEqualTo(3);
    }

    @Test
    void theLaunchersEnvironmentOverridesEveryDefault() {
        BenchSettings s = parse(Map.ofEntries(
                Map.entry("SECKILL_GATEWAY_URL", "http://127.0.0.1:18080"),
                Map.entry("SECKILL_JWT_SECRET", "0123456789abcdef0123456789abcdef"),
                Map.entry("SECKILL_MYSQL_URL", "jdbc:mysql://db:3307"),
                Map.entry("SECKILL_MYSQL_USER", "bench"),
                Map.entry("SECKILL_MYSQL_PASSWORD", "s3cret"),
                Map.entry("SECKILL_ORDER_DB", "x"),
                Map.entry("SECKILL_BASELINE_DB", "rival"),
                Map.entry("SECKILL_INVENTORY_DB", "stock"),
                Map.entry("SECKILL_REDIS_URL", "redis://cache.local:6380"),
                Map.entry("SECKILL_ORDER_PORT", "18083"),
                Map.entry("SECKILL_PIDS_DIR", "/home/shop/.seckill/pids"),
                Map.entry("SECKILL_REPO", "/src/seckill"),
                Map.entry("SECKILL_BENCH_REPORTS", "/home/shop/.seckill/bench"),
                Map.entry("SECKILL_ROCKETMQ_NAMESRV", "mq.local:19876")));

        assertThat(s.gateway()).isEqualTo(URI.create("http://127.0.0.1:18080"));
        assertThat(s.jwtSecret()).isEqualTo("0123456789abcdef0123456789abcdef");
        assertThat(s.mysqlUrl()).isEqualTo("jdbc:mysql://db:3307");
        assertThat(s.mysqlUser()).isEqualTo("bench");
        assertThat(s.mysqlPassword()).isEqualTo("s3cret");
        assertThat(s.orderTable()).isEqualTo("x.orders");
        assertThat(s.baselineTable()).isEqualTo("rival.orders");
        assertThat(s.stockTable()).isEqualTo("stock.activity_stock");
        assertThat(s.redisHost()).isEqualTo("cache.local");
        assertThat(s.redisPort()).isEqualTo(6380);
        assertThat(s.orderServiceMetrics()).isEqualTo(URI.create("http://localhost:18083/actuator/prometheus"));
        assertThat(s.pidsDir()).isEqualTo(Path.of("/home/shop/.seckill/pids"));
        assertThat(s.launcher()).isEqualTo(Path.of("/src/seckill/seckill"));
        assertThat(s.reserveScript())
                .isEqualTo(Path.of("/src/seckill/inventory-service/src/main/resources/scripts/reserve.lua"));
        assertThat(s.reportDir()).isEqualTo(Path.of("/home/shop/.seckill/bench/bench-20261127-090507"));
        assertThat(s.rocketmqNamesrv()).isEqualTo("mq.local:19876");
    }

    @Test
    void aRedisUrlWithoutPortMeansTheDefaultPort() {
        BenchSettings s = parse(Map.of("SECKILL_REDIS_URL", "redis://cache"));
        assertThat(s.redisHost()).isEqualTo("cache");
        assertThat(s.redisPort()).isEqualTo(6379);
    }

    @Test
    void readsTheScenarioAndEveryFlag() {
        BenchSettings s = parse(Map.of("SECKILL_BENCH_REPORTS", "/ignored"), "sold-out", "--buyers", "5000",
                "--units", "200", "--concurrency", "1000", "--phase", "PT20S", "--rounds", "1", "--report", "out/run");

        assertThat(s.scenario()).isEqualTo("sold-out");
        assertThat(s.buyers()).isEqualTo(5_000);
        assertThat(s.units()).isEqualTo(200);
        assertThat(s.concurrency()).isEqualTo(1_000);
        assertThat(s.phase()).isEqualTo(Duration.ofSeconds(20));
        assertThat(s.rounds()).isEqualTo(1);
        assertThat(s.reportDir()).isEqualTo(Path.of("out/run"));
    }

    @Test
    void theDrainScenarioTakesTheSizeOfItsBacklog() {
        BenchSettings s = parse(Map.of(), "drain", "--backlog", "250000", "--warm-up", "0", "--pay-within", "PT15M");
        assertThat(s.scenario()).isEqualTo("drain");
        assertThat(s.backlog()).isEqualTo(250_000);
        assertThat(s.warmUp()).isZero();
        assertThat(parse(Map.of(), "drain", "--warm-up", "30000").warmUp()).isEqualTo(30_000);
        assertThat(s.payWithin()).isEqualTo(Duration.ofMinutes(15));
        assertThat(parse(Map.of(), "--backlog", "5").backlog()).isEqualTo(5);
    }

    @Test
    void flagsWithoutAScenarioRunEverything() {
        BenchSettings s = parse(Map.of(), "--units", "7");
        assertThat(s.scenario()).isEqualTo("flash-sale");
        assertThat(s.units()).isEqualTo(7);
        assertThat(parse(Map.of(), "browse").scenario()).isEqualTo("browse");
    }

    @Test
    void badArgumentsAreNamedInTheError() {
        assertThatThrownBy(() -> parse(Map.of(), "stampede"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown scenario 'stampede'").hasMessageContaining("browse");
        assertThatThrownBy(() -> parse(Map.of(), "browse", "--speed", "9"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("unknown option '--speed'");
        assertThatThrownBy(() -> parse(Map.of(), "--units"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--units needs a value");
        assertThatThrownBy(() -> parse(Map.of(), "--buyers", "0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--buyers must be a positive integer, got '0'");
        assertThatThrownBy(() -> parse(Map.of(), "--units", "-3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--units must be a positive integer, got '-3'");
        assertThatThrownBy(() -> parse(Map.of(), "drain", "--backlog", "0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--backlog must be a positive integer, got '0'");
        assertThatThrownBy(() -> parse(Map.of(), "drain", "--warm-up", "-1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--warm-up must be a positive integer, got '-1'");
        assertThatThrownBy(() -> parse(Map.of(), "--phase", "10s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--phase must be a positive ISO-8601 duration like PT10S, got '10s'");
        assertThatThrownBy(() -> parse(Map.of(), "drain", "--pay-within", "PT0S"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--pay-within must be a positive ISO-8601 duration like PT10S, got 'PT0S'");
        assertThatThrownBy(() -> parse(Map.of(), "--rounds", "0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--rounds must be a positive integer, got '0'");
        assertThatThrownBy(() -> parse(Map.of(), "--concurrency", "many"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--concurrency must be a positive integer, got 'many'");
    }
}
