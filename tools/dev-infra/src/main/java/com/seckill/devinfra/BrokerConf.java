package com.seckill.devinfra;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.rocketmq.common.MixAll;

/**
 * The suite's one broker configuration, {@code deploy/rocketmq/broker.conf}: docker compose mounts it,
 * Kubernetes' dev-infra component generates its ConfigMap from it, and this module's build packages it
 * (pom.xml), so that the embedded broker runs with the same settings as those. Only what depends on where
 * a broker runs (addresses, ports, paths) is set around it, by whoever starts the broker.
 */
public final class BrokerConf {

    /** On the classpath; the file itself stays in deploy/rocketmq, where compose and kustomize find it. */
    public static final String RESOURCE = "rocketmq/broker.conf";

    private BrokerConf() {
    }

    /** The file as written, comments included: for a broker that reads it itself ({@code mqbroker -c}). */
    public static String text() {
        try (InputStream in = open()) {
            // ISO-8859-1: how Properties, and so the broker, read the file.
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    public static Properties properties() {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + RESOURCE, e);
        }
        return properties;
    }

    /**
     * Sets every setting of the file that the given configuration objects have, the way the broker's own
     * start-up applies {@code -c} (RocketMQ's {@code MixAll.properties2Object}): by setter name, and a key
     * no object knows is ignored, as there.
     */
    static void applyTo(Object... configs) {
        Properties properties = properties();
        for (Object config : configs) {
            MixAll.properties2Object(properties, config);
        }
    }

    private static InputStream open() {
        InputStream in = BrokerConf.class.getClassLoader().getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException(RESOURCE + " is not on the classpath: the dev-infra build packages it"
                + " from deploy/rocketmq/broker.conf (rebuild tools/dev-infra)");
        }
        return in;
    }
}
