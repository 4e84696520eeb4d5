package com.seckill.launcher;

/**
 * Where the services find their infrastructure; becomes the SECKILL_ROCKETMQ_NAMESRV,
 * SECKILL_REDIS_URL, SECKILL_MYSQL_URL, SECKILL_MYSQL_USER and SECKILL_MYSQL_PASSWORD variables.
 *
 * @param rocketmqNamesrv host:port of the RocketMQ name server
 * @param redisUrl        redis://host:port
 * @param mysqlUrl        base JDBC URL without a database, e.g. jdbc:mysql://127.0.0.1:3306
 */
public record Endpoints(String rocketmqNamesrv, String redisUrl, String mysqlUrl, String mysqlUser,
                        String mysqlPassword) {
}
