package com.seckill.testsupport;

import java.util.Collection;

/** One set of servers for the whole JVM; implementations start each server on first use. */
interface Servers {

    String mysqlBaseUrl();

    String mysqlUser();

    String mysqlPassword();

    String redisUrl();

    String rocketMqNamesrv();

    void createTopics(Collection<String> topics);
}
