package com.seckill.launcher;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class InfraPlanTest {

    private static final Path ROOT = Path.of("/repo");

    private static InfraPlan plan(Map<String, String> env, Integer... openPorts) {
        Set<Integer> open = Set.of(openPorts);
        return InfraPlan.decide(SuiteConfig.fromEnv(ROOT, env), (host, port) -> open.contains(port));
    }

    @Test
    void localRedisAndMysqlAreUsedWhenTheyAnswerAndOnlyRocketmqIsEmbedded() {
        InfraPlan plan = plan(Map.of(), 6379, 3306);

        assertThat(plan.rocketmq().source()).isEqualTo(InfraPlan.Source.EMBEDDED);
        assertThat(plan.redis().source()).isEqualTo(InfraPlan.Source.LISTENING);
        assertThat(plan.mysql().source()).isEqualTo(InfraPlan.Source.LISTENING);
        assertThat(plan.needsInfraJvm()).isTrue();
        assertThat(plan.infraArgs(Path.of("/h/data"), Path.of("/h/run/infra.ready"), SuiteConfig.fromEnv(ROOT, Map.of())))
                .containsExactly("--data-dir", "/h/data", "--ready-file", "/h/run/infra.ready",
                        "--rocketmq-namesrv-port", "9876", "--rocketmq-broker-port", "10911");
        assertThat(plan.endpoints(Map.of())).isEqualTo(new Endpoints("127.0.0.1:9876",
                "redis://127.0.0.1:6379", "jdbc:mysql://127.0.0.1:3306", "root", ""));
        assertThat(plan.describe(SuiteConfig.fromEnv(ROOT, Map.of()))).containsExactly(
                "rocketmq: starting embedded on 9876 (name server), broker on 10911",
                "redis: using 127.0.0.1:6379 (already listening)",
                "mysql: using 127.0.0.1:3306 (already listening)");
    }

    @Test
    void nothingListeningMeansEverythingEmbeddedOnTheConfiguredPorts() {
        Map<String, String> env = Map.of("SECKILL_EMBEDDED_REDIS_PORT", "16379",
                "SECKILL_EMBEDDED_MYSQL_PORT", "13306", "SECKILL_ROCKETMQ_NAMESRV_PORT", "19876",
                "SECKILL_ROCKETMQ_BROKER_PORT", "20911");
        InfraPlan plan = plan(env);
        SuiteConfig config = SuiteConfig.fromEnv(ROOT, env);

        assertThat(plan.components()).allMatch(InfraPlan.Component::embedded);
        assertThat(plan.infraArgs(Path.of("/d"), Path.of("/r"), config)).containsExactly(
                "--data-dir", "/d", "--ready-file", "/r",
                "--rocketmq-namesrv-port", "19876", "--rocketmq-broker-port", "20911",
                "--redis-port", "16379", "--mysql-port", "13306");
        assertThat(plan.portsToBind(config)).containsExactly(19876, 20911, 16379, 13306);
        assertThat(plan.describe(config)).contains("redis: starting embedded on 16379", "mysql: starting embedded on 13306");
        assertThat(plan.describe(config, true)).contains("redis: embedded in the running infra, on 16379");
    }

    @Test
    void theReadyFileSaysWhereEmbeddedPartsReallyListen() {
        InfraPlan plan = plan(Map.of());

        Endpoints e = plan.endpoints(Map.of("rocketmq.namesrv", "127.0.0.1:9999",
                "redis.url", "redis://127.0.0.1:7777", "mysql.url", "jdbc:mysql://127.0.0.1:5555"));

        assertThat(e).isEqualTo(new Endpoints("127.0.0.1:9999", "redis://127.0.0.1:7777",
                "jdbc:mysql://127.0.0.1:5555", "root", ""));
    }

    @Test
    void theReadyFileCannotOverrideWhatTheUserConfigured() {
        InfraPlan plan = plan(Map.of("SECKILL_REDIS_URL", "redis://cache:6380"));

        assertThat(plan.endpoints(Map.of("redis.url", "redis://127.0.0.1:1")).redisUrl()).isEqualTo("redis://cache:6380");
    }

    @Test
    void configuredEndpointsWinOverWhatListensAndAreNotProbed() {
        Map<String, String> env = Map.of("SECKILL_REDIS_URL", "redis://cache:6380",
                "SECKILL_MYSQL_URL", "jdbc:mysql://db:3307", "SECKILL_MYSQL_USER", "shop",
                "SECKILL_MYSQL_PASSWORD", "s3cret");
        List<Integer> probed = new java.util.ArrayList<>();
        InfraPlan plan = InfraPlan.decide(SuiteConfig.fromEnv(ROOT, env), (h, p) -> probed.add(p));

        assertThat(probed).isEmpty();
        assertThat(plan.redis().source()).isEqualTo(InfraPlan.Source.CONFIGURED);
        assertThat(plan.endpoints(Map.of())).isEqualTo(new Endpoints("127.0.0.1:9876", "redis://cache:6380",
                "jdbc:mysql://db:3307", "shop", "s3cret"));
        assertThat(plan.describe(SuiteConfig.fromEnv(ROOT, env)))
                .contains("redis: using redis://cache:6380 (SECKILL_REDIS_URL)");
    }

    @Test
    void anExternalNameServerMeansNoRocketmqInTheInfraJvm() {
        InfraPlan plan = plan(Map.of("SECKILL_ROCKETMQ_NAMESRV", "mq:9876"));

        assertThat(plan.rocketmq().source()).isEqualTo(InfraPlan.Source.CONFIGURED);
        assertThat(plan.infraArgs(Path.of("/d"), Path.of("/r"), SuiteConfig.fromEnv(ROOT, Map.of())))
                .containsExactly("--data-dir", "/d", "--ready-file", "/r", "--no-rocketmq",
                        "--redis-port", "6379", "--mysql-port", "3306");
        assertThat(plan.endpoints(Map.of()).rocketmqNamesrv()).isEqualTo("mq:9876");
    }

    @Test
    void allExternalMeansNoInfraJvm() {
        InfraPlan plan = plan(Map.of("SECKILL_ROCKETMQ_NAMESRV", "mq:9876"), 6379, 3306);

        assertThat(plan.needsInfraJvm()).isFalse();
        assertThat(plan.describe(SuiteConfig.fromEnv(ROOT, Map.of()))).last().asString().startsWith("infra: not needed");
    }

    @Test
    void blankVariablesCountAsUnset() {
        Map<String, String> env = new HashMap<>();
        env.put("SECKILL_REDIS_URL", " ");
        env.put("SECKILL_ROCKETMQ_NAMESRV", "");

        InfraPlan plan = plan(env, 6379);

        assertThat(plan.redis().source()).isEqualTo(InfraPlan.Source.LISTENING);
        assertThat(plan.rocketmq().source()).isEqualTo(InfraPlan.Source.EMBEDDED);
    }
}
