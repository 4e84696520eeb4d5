package com.seckill.testsupport;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.testcontainers.DockerClientFactory;

/**
 * The one switch that gives every integration test of the suite its real servers: MySQL, Redis and RocketMQ.
 *
 * <p>Mode, decided once per JVM from {@code -Dseckill.test-servers} or {@code SECKILL_TEST_SERVERS}:
 * <ul>
 *   <li>{@code local}: the machine's MySQL ({@code SECKILL_MYSQL_URL}, {@code SECKILL_MYSQL_USER},
 *       {@code SECKILL_MYSQL_PASSWORD}; default jdbc:mysql://127.0.0.1:3306, root, empty) and Redis
 *       ({@code SECKILL_REDIS_URL}, default redis://127.0.0.1:6379); RocketMQ from
 *       {@code SECKILL_ROCKETMQ_NAMESRV}, else one in-process broker per JVM under target/rocketmq-it;</li>
 *   <li>{@code containers}: Testcontainers with pinned images (mysql:8.4, redis:7.4, apache/rocketmq:5.3.3);</li>
 *   <li>{@code auto} (default): containers when a Docker engine answers, local otherwise.</li>
 * </ul>
 * Each server starts on first use, so a test that needs only Redis starts no broker.
 *
 * <p>Typical use:
 * <pre>{@code
 * @DynamicPropertySource
 * static void servers(DynamicPropertyRegistry registry) {
 *     TestServers.register(registry);
 *     registry.add("SECKILL_ORDER_DB", () -> "seckill_order_it");
 *     TestServers.createTopics("seckill-order-placed-v1");
 * }
 * }</pre>
 */
public final class TestServers {

    public static final String MODE_PROPERTY = "seckill.test-servers";
    public static final String MODE_ENV = "SECKILL_TEST_SERVERS";

    private static final Logger log = LoggerFactory.getLogger(TestServers.class);

    private static volatile Chosen chosen;

    private record Chosen(String mode, Servers servers) {
    }

    private TestServers() {
    }

    /**
     * Registers the same settings an operator gives a service ({@code SECKILL_MYSQL_URL},
     * {@code SECKILL_MYSQL_USER}, {@code SECKILL_MYSQL_PASSWORD}, {@code SECKILL_REDIS_URL},
     * {@code SECKILL_ROCKETMQ_NAMESRV}), so tests run the services' own connection settings, and
     * switches the Eureka client off. A test picks its own schema through the service's schema
     * setting (e.g. {@code SECKILL_ORDER_DB}). Values are suppliers: a server starts only when the
     * context reads its property.
     */
    public static void register(DynamicPropertyRegistry registry) {
        registry.add("SECKILL_MYSQL_URL", TestServers::mysqlBaseUrl);
        registry.add("SECKILL_MYSQL_USER", TestServers::mysqlUser);
        registry.add("SECKILL_MYSQL_PASSWORD", TestServers::mysqlPassword);
        registry.add("SECKILL_REDIS_URL", TestServers::redisUrl);
        registry.add("SECKILL_ROCKETMQ_NAMESRV", TestServers::rocketMqNamesrv);
        registry.add("eureka.client.enabled", () -> "false");
        registry.add("eureka.client.register-with-eureka", () -> "false");
        registry.add("eureka.client.fetch-registry", () -> "false");
    }

    /** e.g. jdbc:mysql://127.0.0.1:3306, without a database. */
    public static String mysqlBaseUrl() {
        return servers().mysqlBaseUrl();
    }

    public static String mysqlUser() {
        return servers().mysqlUser();
    }

    public static String mysqlPassword() {
        return servers().mysqlPassword();
    }

    /** redis://host:port */
    public static String redisUrl() {
        return servers().redisUrl();
    }

    /** host:port of the name server */
    public static String rocketMqNamesrv() {
        return servers().rocketMqNamesrv();
    }

    /**
     * Makes sure the topics exist and the name server routes them; call it before consumers start, or their
     * first messages wait for the client's 30 s route poll. Idempotent; no topics is a no-op.
     */
    public static void createTopics(String... topics) {
        if (topics == null || topics.length == 0) {
            return;
        }
        servers().createTopics(List.of(topics));
    }

    /** "local" or "containers", for logs. */
    public static String mode() {
        return chosen().mode();
    }

    private static Servers servers() {
        return chosen().servers();
    }

    private static Chosen chosen() {
        Chosen current = chosen;
        if (current == null) {
            synchronized (TestServers.class) {
                current = chosen;
                if (current == null) {
                    current = choose();
                    chosen = current;
                }
            }
        }
        return current;
    }

    private static Chosen choose() {
        ModeChoice choice = ModeChoice.choose(System.getProperty(MODE_PROPERTY), System.getenv(MODE_ENV),
            TestServers::dockerAvailable);
        log.info("Test servers: {} ({})", choice.mode().label(), choice.reason());
        Servers servers = switch (choice.mode()) {
            case LOCAL -> new LocalServers(System::getenv);
            case CONTAINERS -> new ContainerServers();
        };
        return new Chosen(choice.mode().label(), servers);
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
