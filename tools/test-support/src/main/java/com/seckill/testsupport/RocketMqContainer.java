package com.seckill.testsupport;

import com.seckill.devinfra.BrokerConf;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * Name server and broker of the official image in one container, the broker with the suite's one broker
 * configuration ({@link BrokerConf}), as the in-process test broker.
 *
 * <p>Clients reach the broker at the address it registers with the name server, not through a mapped
 * port. So the broker listens inside on the same port number the host maps ({@code P:P}), and registers
 * the Docker host's address as {@code brokerIP1}. Only the name server port is mapped dynamically.
 */
final class RocketMqContainer extends GenericContainer<RocketMqContainer> {

    static final DockerImageName IMAGE = DockerImageName.parse("apache/rocketmq:5.3.3");
    private static final int NAMESRV_PORT = 9876;

    private final int brokerPort;

    RocketMqContainer() {
        super(IMAGE);
        this.brokerPort = freeHostPort();
        // The suite's one broker configuration, then what only this container knows (in a properties file
        // the later line wins; the file's name server address gives way to -n below).
        String brokerConf = BrokerConf.text() + "\n" + String.join("\n",
            "brokerIP1=" + advertisedHost(),
            "listenPort=" + brokerPort,
            // the same check-backs as the in-process test broker
            "transactionTimeOut=" + InProcessRocketMq.TRANSACTION_CHECKS.timeout().toMillis(),
            "transactionCheckInterval=" + InProcessRocketMq.TRANSACTION_CHECKS.interval().toMillis(),
            "transactionCheckMax=" + InProcessRocketMq.TRANSACTION_CHECKS.max());
        withEnv("BROKER_CONF", brokerConf);
        // The start scripts size the heap from the machine's memory; a test broker needs little.
        withEnv("JAVA_OPT_EXT", "-Xms256m -Xmx256m -Xmn128m -XX:MaxDirectMemorySize=512m");
        withExposedPorts(NAMESRV_PORT);
        addFixedExposedPort(brokerPort, brokerPort);
        withCommand("sh", "-c", "cd \"$ROCKETMQ_HOME/bin\""
            + " && printf '%s\\n' \"$BROKER_CONF\" > /tmp/broker.conf"
            + " && (sh mqnamesrv &)"
            + " && exec sh mqbroker -n 127.0.0.1:" + NAMESRV_PORT + " -c /tmp/broker.conf");
        // printed by BrokerStartup once the broker has registered with the name server
        waitingFor(Wait.forLogMessage(".*The broker\\[.*boot success.*\\n", 1)
            .withStartupTimeout(Duration.ofMinutes(2)));
    }

    String namesrvAddress() {
        return getHost() + ":" + getMappedPort(NAMESRV_PORT);
    }

    private static String advertisedHost() {
        String host = DockerClientFactory.instance().dockerHostIpAddress();
        return "localhost".equals(host) ? "127.0.0.1" : host;
    }

    private static int freeHostPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port for the RocketMQ broker", e);
        }
    }
}
