package com.seckill.devinfra;

import java.nio.file.Path;

/**
 * Points RocketMQ's own (shaded) Logback away from {@code ${user.home}/logs/rocketmqlogs}.
 *
 * <p>The broker, name server and client log through a private copy of Logback that reads
 * {@code rmq.logback.configurationFile} once, when the first RocketMQ logger is created. We hand it
 * {@value #CONFIG_RESOURCE}, whose only variable is {@value #LOG_ROOT_PROPERTY} (the property the
 * stock client config uses too). Changing {@code user.home} instead would move everything else the
 * JVM keeps there. Both properties are left alone when already set, so a launcher's {@code -D} wins.
 * The setting is per JVM: the first embedded broker decides where all RocketMQ logs of the JVM go.
 */
final class RocketMqLogging {

    static final String CONFIG_PROPERTY = "rmq.logback.configurationFile";
    static final String LOG_ROOT_PROPERTY = "rocketmq.log.root";
    static final String CONFIG_RESOURCE = "seckill-rocketmq-logback.xml";

    private RocketMqLogging() {
    }

    /** Must run before any RocketMQ class creates its logger. */
    static synchronized void logTo(Path logDir) {
        if (System.getProperty(CONFIG_PROPERTY) == null) {
            System.setProperty(CONFIG_PROPERTY, CONFIG_RESOURCE);
        }
        if (System.getProperty(LOG_ROOT_PROPERTY) == null) {
            System.setProperty(LOG_ROOT_PROPERTY, logDir.toAbsolutePath().toString());
        }
    }

    static String logRoot() {
        return System.getProperty(LOG_ROOT_PROPERTY);
    }
}
