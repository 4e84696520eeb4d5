package com.seckill.launcher;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StatusTableTest {

    @Test
    void rowsAlignAndTheLastLineSumsMemory() {
        String table = StatusTable.render(List.of(
                new ServiceStatus(new Instance(Service.INFRA, 1, false), ProcessState.RUNNING, "9876/10911", 4242, 600 * 1024, "UP"),
                new ServiceStatus(new Instance(Service.PRODUCT, 1, false), ProcessState.DEAD_PIDFILE, "8081", 77, 0, "-"),
                new ServiceStatus(new Instance(Service.ORDER, 8183, true), ProcessState.STOPPED, "8183", -1, 0, "-"),
                new ServiceStatus(new Instance(Service.GATEWAY, 1, false), ProcessState.RUNNING, "8080", 99, 300 * 1024, "DOWN")));

        List<String> lines = table.lines().toList();
        assertThat(lines.get(0)).startsWith("NAME").contains("STATE", "PORT", "PID", "RSS", "HEALTH");
        assertThat(lines.get(1)).contains("infra", "running", "9876/10911", "4242", "600 MB", "UP");
        assertThat(lines.get(2)).contains("product-service", "dead-pidfile", "77");
        assertThat(lines.get(3)).startsWith("order-service@8183").contains("stopped");
        assertThat(lines.get(4)).contains("gateway-service", "DOWN");
        assertThat(lines.get(1).indexOf("running")).isEqualTo(lines.get(2).indexOf("dead-pidfile"));
        assertThat(lines).last().isEqualTo("total RSS: 900 MB (2 of 4 running)");
        assertThat(lines).allSatisfy(l -> assertThat(l).doesNotEndWith(" "));
    }
}
