package com.seckill.testsupport;

import com.seckill.devinfra.RocketMqTopics;
import java.time.Duration;
import java.util.Collection;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.mysql.MySQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Throw-away containers, each started on first use and removed by Testcontainers' reaper when the JVM ends.
 * Not exercised on the project's machines, which have no Docker engine: kept small for that reason.
 */
final class ContainerServers implements Servers {

    static final DockerImageName MYSQL_IMAGE = DockerImageName.parse("mysql:8.4");
    static final DockerImageName REDIS_IMAGE = DockerImageName.parse("redis:7.4");

    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(60);

    private MySQLContainer mysql; // guarded by this
    private GenericContainer<?> redis; // guarded by this
    private RocketMqContainer rocketMq; // guarded by this

    @Override
    public String mysqlBaseUrl() {
        MySQLContainer db = mysql();
        return "jdbc:mysql://" + db.getHost() + ":" + db.getMappedPort(MySQLContainer.MYSQL_PORT);
    }

    @Override
    public String mysqlUser() {
        return mysql().getUsername();
    }

    @Override
    public String mysqlPassword() {
        return mysql().getPassword();
    }

    @Override
    public String redisUrl() {
        GenericContainer<?> r = redis();
        return "redis://" + r.getHost() + ":" + r.getMappedPort(6379);
    }

    @Override
    public String rocketMqNamesrv() {
        return rocketMq().namesrvAddress();
    }

    @Override
    public void createTopics(Collection<String> topics) {
        RocketMqTopics.ensure(rocketMq().namesrvAddress(), topics, TOPIC_TIMEOUT);
    }

    private synchronized MySQLContainer mysql() {
        if (mysql == null) {
            // root, so that tests may create their own schemas (createDatabaseIfNotExist)
            MySQLContainer container = new MySQLContainer(MYSQL_IMAGE).withUsername("root");
            container.start();
            mysql = container;
        }
        return mysql;
    }

    private synchronized GenericContainer<?> redis() {
        if (redis == null) {
            GenericContainer<?> container = new GenericContainer<>(REDIS_IMAGE).withExposedPorts(6379);
            container.start();
            redis = container;
        }
        return redis;
    }

    private synchronized RocketMqContainer rocketMq() {
        if (rocketMq == null) {
            RocketMqContainer container = new RocketMqContainer();
            container.start();
            rocketMq = container;
        }
        return rocketMq;
    }
}
