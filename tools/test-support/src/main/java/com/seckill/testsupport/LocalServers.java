package com.seckill.testsupport;

import com.seckill.devinfra.EmbeddedRocketMq;
import com.seckill.devinfra.RocketMqTopics;
import java.time.Duration;
import java.util.Collection;
import java.util.function.UnaryOperator;

/**
 * The machine's own MySQL and Redis (CI and the dev machines run them), and RocketMQ either from
 * {@code SECKILL_ROCKETMQ_NAMESRV} or in-process, started on first use.
 */
final class LocalServers implements Servers {

    static final String MYSQL_URL_ENV = "SECKILL_MYSQL_URL";
    static final String MYSQL_USER_ENV = "SECKILL_MYSQL_USER";
    static final String MYSQL_PASSWORD_ENV = "SECKILL_MYSQL_PASSWORD";
    static final String REDIS_URL_ENV = "SECKILL_REDIS_URL";
    static final String ROCKETMQ_NAMESRV_ENV = "SECKILL_ROCKETMQ_NAMESRV";

    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);

    private final UnaryOperator<String> env;
    private EmbeddedRocketMq inProcess; // guarded by this

    LocalServers(UnaryOperator<String> env) {
        this.env = env;
    }

    @Override
    public String mysqlBaseUrl() {
        String url = orDefault(MYSQL_URL_ENV, "jdbc:mysql://127.0.0.1:3306");
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public String mysqlUser() {
        return orDefault(MYSQL_USER_ENV, "root");
    }

    @Override
    public String mysqlPassword() {
        String password = env.apply(MYSQL_PASSWORD_ENV); // set but empty means an empty password
        return password == null ? "" : password;
    }

    @Override
    public String redisUrl() {
        return orDefault(REDIS_URL_ENV, "redis://127.0.0.1:6379");
    }

    @Override
    public String rocketMqNamesrv() {
        String external = external();
        return external != null ? external : inProcess().namesrvAddress();
    }

    @Override
    public void createTopics(Collection<String> topics) {
        String external = external();
        if (external != null) {
            RocketMqTopics.ensure(external, topics, TOPIC_TIMEOUT);
        } else {
            inProcess().createTopics(topics);
        }
    }

    private synchronized EmbeddedRocketMq inProcess() {
        if (inProcess == null) {
            inProcess = InProcessRocketMq.start();
        }
        return inProcess;
    }

    private String external() {
        String namesrv = env.apply(ROCKETMQ_NAMESRV_ENV);
        return namesrv == null || namesrv.isBlank() ? null : namesrv.trim();
    }

    private String orDefault(String name, String fallback) {
        String value = env.apply(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
