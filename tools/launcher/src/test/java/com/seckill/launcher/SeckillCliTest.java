package com.seckill.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SeckillCliTest {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        SeckillCli cli = new SeckillCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of("SECKILL_HOME", tmp.resolve("home").toString()), tmp, false);
        return cli.run(args);
    }

    @Test
    void helpAndNoArgumentsPrintUsage() {
        assertThat(run()).isZero();
        assertThat(run("help")).isZero();
        assertThat(out.toString()).contains("usage: ./seckill", "up [--clean] [--build]", "order-consumer-service",
                "--rounds 3");
    }

    @Test
    void unknownVerbsNamesAndFlagsAreUsageErrors() {
        assertThat(run("launch")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown command: launch", "usage:");
        assertThat(run("stop", "billing-service")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown name: billing-service");
        assertThat(run("start")).isEqualTo(2);
        assertThat(run("up", "--fast")).isEqualTo(2);
        assertThat(run("status", "extra")).isEqualTo(2);
    }

    @Test
    void statusOfNothingAndDownOfNothingSucceed() {
        assertThat(run("status")).isZero();
        assertThat(out.toString()).contains("gateway-service", "stopped", "total RSS: 0 MB (0 of 7 running)");
        assertThat(run("down")).isZero();
        assertThat(out.toString()).contains("all stopped");
    }

    @Test
    void logsOfAServiceThatNeverRan() throws Exception {
        assertThat(run("logs", "order-service")).isEqualTo(1);
        assertThat(err.toString()).contains("no log for order-service yet");

        Path log = tmp.resolve("home/logs/order-service.log");
        Files.createDirectories(log.getParent());
        Files.writeString(log, "started\n");
        assertThat(run("logs", "order-service")).isZero();
        assertThat(out.toString()).contains("started");
    }

    @Test
    void checkJarsTellsTheScriptWhetherToBuild() {
        assertThat(run("check-jars")).isEqualTo(1);
        assertThat(out.toString()).contains("registry-service-0.1.0-SNAPSHOT-exec.jar");
    }

    @Test
    void aBadSettingIsReportedByName() {
        SeckillCli cli = new SeckillCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of("SECKILL_GATEWAY_PORT", "eighty"), tmp, false);

        assertThat(cli.run(new String[] {"status"})).isEqualTo(2);
        assertThat(err.toString()).contains("SECKILL_GATEWAY_PORT=eighty");
    }
}
