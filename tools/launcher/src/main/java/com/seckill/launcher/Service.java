package com.seckill.launcher;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The suite's processes, in start order. This is the only place that knows them: adding a service
 * is one line here (its module must build {@code <module>/target/<artifactId>-<version>-exec.jar}).
 */
public enum Service {
    // Infra's "port" is the RocketMQ name server; its broker port lives in SuiteConfig.
    INFRA("infra", "tools/dev-infra", 9876, "SECKILL_ROCKETMQ_NAMESRV_PORT"),
    REGISTRY("registry-service", "registry-service", 8761, "SECKILL_REGISTRY_PORT"),
    PRODUCT("product-service", "product-service", 8081, "SECKILL_PRODUCT_PORT"),
    INVENTORY("inventory-service", "inventory-service", 8082, "SECKILL_INVENTORY_PORT"),
    ORDER("order-service", "order-service", 8083, "SECKILL_ORDER_PORT"),
    ORDER_CONSUMER("order-consumer-service", "order-consumer-service", 8084, "SECKILL_ORDER_CONSUMER_PORT"),
    GATEWAY("gateway-service", "gateway-service", 8080, "SECKILL_GATEWAY_PORT"),
    // Not part of the shop: the naive rival that `./seckill bench` starts for the comparison only.
    BASELINE_SYNC("baseline-sync", "bench/baseline-sync", 8090, "SECKILL_BASELINE_SYNC_PORT", true);

    private final String displayName;
    private final String moduleDir;
    private final int defaultPort;
    private final String portEnv;
    private final boolean benchOnly;

    Service(String displayName, String moduleDir, int defaultPort, String portEnv) {
        this(displayName, moduleDir, defaultPort, portEnv, false);
    }

    Service(String displayName, String moduleDir, int defaultPort, String portEnv, boolean benchOnly) {
        this.displayName = displayName;
        this.moduleDir = moduleDir;
        this.defaultPort = defaultPort;
        this.portEnv = portEnv;
        this.benchOnly = benchOnly;
    }

    /** Started only by the bench, never by {@code up}; {@code down} stops it like the rest. */
    public boolean isBenchOnly() {
        return benchOnly;
    }

    /** The name used on the command line, in pid and log file names, and as Eureka id. */
    public String displayName() {
        return displayName;
    }

    /** Module directory relative to the repository root. */
    public String moduleDir() {
        return moduleDir;
    }

    /** The Maven artifactId: the last segment of the module directory. */
    public String artifactId() {
        return moduleDir.substring(moduleDir.lastIndexOf('/') + 1);
    }

    public int defaultPort() {
        return defaultPort;
    }

    public String portEnv() {
        return portEnv;
    }

    /** True for the JVM that hosts embedded infrastructure rather than an HTTP service. */
    public boolean isInfra() {
        return this == INFRA;
    }

    /** NAME in {@code SECKILL_<NAME>_JAVA_OPTS}, e.g. ORDER_SERVICE, INFRA. */
    public String envKey() {
        return displayName.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** The suite proper, in start order: what {@code up} starts and {@code status} shows. */
    public static List<Service> startOrder() {
        return Arrays.stream(values()).filter(s -> !s.benchOnly).toList();
    }

    /** Everything, the bench's rival first, infra last. */
    public static List<Service> stopOrder() {
        List<Service> order = new ArrayList<>(List.of(values()));
        Collections.reverse(order);
        return order;
    }

    public static Optional<Service> byName(String name) {
        return Arrays.stream(values()).filter(s -> s.displayName.equals(name)).findFirst();
    }

    public static String names() {
        return Arrays.stream(values()).map(Service::displayName).collect(Collectors.joining(", "));
    }
}
