package com.seckill.devinfra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class InfraOptionsTest {

    @Test
    void defaultsToRocketMqOnItsUsualPortsOnly() {
        InfraOptions options = InfraOptions.parse("--data-dir", "d", "--ready-file", "r");

        assertThat(options.dataDir()).isEqualTo(Path.of("d").toAbsolutePath());
        assertThat(options.readyFile()).isEqualTo(Path.of("r").toAbsolutePath());
        assertThat(options.rocketMq()).isTrue();
        assertThat(options.namesrvPort()).isEqualTo(9876);
        assertThat(options.brokerPort()).isEqualTo(10911);
        assertThat(options.topics()).isEqualTo(InfraMain.DEFAULT_TOPICS);
        assertThat(options.redisPort()).isEmpty();
        assertThat(options.mysqlPort()).isEmpty();
    }

    @Test
    void readsEveryOption() {
        InfraOptions options = InfraOptions.parse("--data-dir=d", "--ready-file", "r", "--no-rocketmq",
            "--rocketmq-namesrv-port", "1", "--rocketmq-broker-port", "5", "--redis-port", "6380",
            "--mysql-port=3307", "--topics", " a, b ,,c ");

        assertThat(options.rocketMq()).isFalse();
        assertThat(options.namesrvPort()).isEqualTo(1);
        assertThat(options.brokerPort()).isEqualTo(5);
        assertThat(options.redisPort()).hasValue(6380);
        assertThat(options.mysqlPort()).hasValue(3307);
        assertThat(options.topics()).isEqualTo(List.of("a", "b", "c"));
    }

    @Test
    void rejectsMissingOrBadArguments() {
        assertThatThrownBy(() -> InfraOptions.parse("--ready-file", "r")).hasMessageContaining("--data-dir");
        assertThatThrownBy(() -> InfraOptions.parse("--data-dir", "d")).hasMessageContaining("--ready-file");
        assertThatThrownBy(() -> InfraOptions.parse("--data-dir", "d", "--ready-file", "r", "--redis-port", "x"))
            .hasMessageContaining("--redis-port");
        assertThatThrownBy(() -> InfraOptions.parse("--data-dir", "d", "--ready-file", "r", "--bogus"))
            .hasMessageContaining("--bogus");
        assertThatThrownBy(() -> InfraOptions.parse("--data-dir")).hasMessageContaining("missing value");
    }
}
