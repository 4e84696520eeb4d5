package com.seckill.devinfra;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The launcher contract, minus RocketMQ (EmbeddedRocketMqIT covers it; its shutdown alone takes ~14 s). */
class InfraMainIT {

    @Test
    void writesTheReadyFileOnceUpAndDeletesItOnStop() throws Exception {
        Path dir = TestDirs.fresh("infra-main");
        Path readyFile = dir.resolve("run").resolve("infra.ready");
        int redisPort = Ports.freePort();
        InfraMain infra = new InfraMain(InfraOptions.parse("--data-dir", dir.resolve("data").toString(),
            "--ready-file", readyFile.toString(), "--no-rocketmq", "--redis-port", Integer.toString(redisPort)));

        assertThat(infra.start()).isTrue();
        assertThat(Files.readAllLines(readyFile)).containsExactly("redis.url=redis://127.0.0.1:" + redisPort);
        assertThat(dir.resolve("data").resolve("redis")).isDirectory();
        assertThat(readyFile.resolveSibling("infra.ready.tmp")).doesNotExist();

        infra.stop();
        assertThat(readyFile).doesNotExist();
        assertThat(Ports.isFree(redisPort)).isTrue();
    }

    @Test
    void failsWithoutReadyFileWhenAPortIsTaken() throws Exception {
        Path dir = TestDirs.fresh("infra-main-busy");
        Path readyFile = dir.resolve("infra.ready");
        Files.writeString(readyFile, "stale=1\n");
        try (ServerSocket busy = new ServerSocket(0)) {
            InfraMain infra = new InfraMain(InfraOptions.parse("--data-dir", dir.toString(), "--ready-file",
                readyFile.toString(), "--no-rocketmq", "--redis-port", Integer.toString(busy.getLocalPort())));

            assertThat(infra.start()).isFalse();
        }
        assertThat(readyFile).doesNotExist();
    }
}
