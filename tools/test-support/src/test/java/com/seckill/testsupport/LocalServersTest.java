package com.seckill.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalServersTest {

    @Test
    void defaultsToTheMachinesServers() {
        LocalServers servers = new LocalServers(name -> null);

        assertThat(servers.mysqlBaseUrl()).isEqualTo("jdbc:mysql://127.0.0.1:3306");
        assertThat(servers.mysqlUser()).isEqualTo("root");
        assertThat(servers.mysqlPassword()).isEmpty();
        assertThat(servers.redisUrl()).isEqualTo("redis://127.0.0.1:6379");
    }

    @Test
    void takesTheEnvironmentsServers() {
        Map<String, String> env = Map.of(
            LocalServers.MYSQL_URL_ENV, "jdbc:mysql://db:3307/",
            LocalServers.MYSQL_USER_ENV, "shop",
            LocalServers.MYSQL_PASSWORD_ENV, "secret",
            LocalServers.REDIS_URL_ENV, "redis://cache:6380",
            LocalServers.ROCKETMQ_NAMESRV_ENV, "mq:9877");
        LocalServers servers = new LocalServers(env::get);

        assertThat(servers.mysqlBaseUrl()).isEqualTo("jdbc:mysql://db:3307");
        assertThat(servers.mysqlUser()).isEqualTo("shop");
        assertThat(servers.mysqlPassword()).isEqualTo("secret");
        assertThat(servers.redisUrl()).isEqualTo("redis://cache:6380");
        assertThat(servers.rocketMqNamesrv()).isEqualTo("mq:9877"); // external: nothing starts in-process
    }
}
