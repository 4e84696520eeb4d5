package com.seckill.devinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apache.rocketmq.auth.config.AuthConfig;
import org.apache.rocketmq.broker.BrokerController;
import org.apache.rocketmq.broker.topic.TopicConfigManager;
import org.apache.rocketmq.common.BrokerConfig;
import org.apache.rocketmq.common.MQVersion;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.constant.PermName;
import org.apache.rocketmq.common.namesrv.NamesrvConfig;
import org.apache.rocketmq.common.topic.TopicValidator;
import org.apache.rocketmq.namesrv.NamesrvController;
import org.apache.rocketmq.remoting.common.TlsMode;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.netty.NettyServerConfig;
import org.apache.rocketmq.remoting.netty.TlsSystemConfig;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.store.config.MessageStoreConfig;

/**
 * The real RocketMQ name server and broker, in this JVM.
 *
 * <p>The broker runs with the suite's one broker configuration ({@link BrokerConf}, the file docker compose
 * and Kubernetes use too); only what depends on running in this JVM is set here on top of it: ports,
 * paths, the name server's and the broker's own address, and the {@link Builder}'s explicit overrides.
 *
 * <p>Everything lives under the data directory: {@code namesrv/} (KV config), {@code store/} (commit log,
 * queues, timer wheel, topic and offset JSON) and {@code logs/}. Reusing a data directory keeps topics,
 * messages and consumer offsets across restarts.
 *
 * <p>Ports: besides the broker port, RocketMQ binds broker port - 2 (the "fast"/VIP remoting server) and
 * broker port + 1 (HA replication); all three must be free, and port 0 picks such a group.
 */
public final class EmbeddedRocketMq implements AutoCloseable {

    /** Enough for the suite's consumer concurrency; more queues only mean more files. */
    private static final Duration ROUTE_WAIT = Duration.ofSeconds(30);
    private static final long ROUTE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final NamesrvController namesrv;
    private final BrokerController broker;
    private final int namesrvPort;
    private final int brokerPort;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedRocketMq(NamesrvController namesrv, BrokerController broker) {
        this.namesrv = namesrv;
        this.broker = broker;
        this.namesrvPort = namesrv.getNettyServerConfig().getListenPort();
        this.brokerPort = broker.getNettyServerConfig().getListenPort();
    }

    /** Starts with broker.conf's settings; port 0 picks a free port. Returns once all topics are routable. */
    public static EmbeddedRocketMq start(Path dataDir, int namesrvPort, int brokerPort, Collection<String> topics) {
        return builder(dataDir).namesrvPort(namesrvPort).brokerPort(brokerPort).topics(topics).start();
    }

    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    /** "127.0.0.1:port", for clients' {@code namesrvAddr} / {@code rocketmq.name-server}. */
    public String namesrvAddress() {
        return "127.0.0.1:" + namesrvPort;
    }

    public int namesrvPort() {
        return namesrvPort;
    }

    public int brokerPort() {
        return brokerPort;
    }

    /** "127.0.0.1:port", the address the broker registers with the name server. */
    public String brokerAddress() {
        return broker.getBrokerAddr();
    }

    /**
     * Creates the missing topics on the broker and returns once the name server answers with a route
     * for every given topic, so that producers and consumers that start afterwards find them at once
     * (a client that misses a route only asks again on its 30 s route poll).
     */
    public synchronized void createTopics(Collection<String> topics) {
        if (closed.get()) {
            throw new IllegalStateException("RocketMQ was closed");
        }
        Set<String> wanted = cleanTopicNames(topics);
        TopicConfigManager topicConfigs = broker.getTopicConfigManager();
        for (String topic : wanted) {
            if (topicConfigs.selectTopicConfig(topic) == null) {
                topicConfigs.updateTopicConfig(
                    new TopicConfig(topic, RocketMqTopics.QUEUES_PER_TOPIC, RocketMqTopics.QUEUES_PER_TOPIC, PermName.PERM_READ | PermName.PERM_WRITE));
            }
        }
        awaitRoutes(wanted);
    }

    /**
     * Broker first, so that it can still unregister from the name server. Takes ~10-15 s: the broker stops
     * its many service threads one after another, several of them waiting out their poll intervals.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            broker.shutdown();
        } finally {
            namesrv.shutdown();
        }
    }

    private void awaitRoutes(Set<String> topics) {
        long deadline = System.nanoTime() + ROUTE_WAIT.toNanos();
        while (true) {
            List<String> missing = new ArrayList<>();
            for (String topic : topics) {
                if (!routable(topic)) {
                    missing.add(topic);
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("name server " + namesrvAddress() + " still has no route for "
                    + missing + " after " + ROUTE_WAIT.toSeconds() + " s");
            }
            // A broker's registration can get lost (the first one in particular); a synchronous, forced
            // re-registration with all topics settles it instead of waiting for the 30 s heartbeat.
            broker.registerBrokerAll(true, false, true);
            if (missing.stream().anyMatch(topic -> !routable(topic))) {
                LockSupport.parkNanos(ROUTE_POLL_NANOS);
            }
        }
    }

    private boolean routable(String topic) {
        return RocketMqTopics.hasRoute(namesrv.getRouteInfoManager().pickupTopicRouteData(topic));
    }

    private static Set<String> cleanTopicNames(Collection<String> topics) {
        Set<String> clean = new LinkedHashSet<>();
        for (String topic : topics) {
            if (topic == null || topic.isBlank()) {
                continue;
            }
            String name = topic.trim();
            // The broker would store any name; clients would then refuse it with a less obvious message.
            TopicValidator.ValidateTopicResult validation = TopicValidator.validateTopic(name);
            if (!validation.isValid()) {
                throw new IllegalArgumentException("invalid topic name '" + name + "': " + validation.getRemark());
            }
            clean.add(name);
        }
        return clean;
    }

    /** The broker's configuration objects, as {@code new BrokerController(...)} takes them. */
    record BrokerSettings(BrokerConfig broker, NettyServerConfig server, NettyClientConfig client,
                          MessageStoreConfig store, AuthConfig auth) {
    }

    /** Where and how to run; what is not set here comes from broker.conf. */
    public static final class Builder {

        private final Path dataDir;
        private int namesrvPort;
        private int brokerPort;
        private Collection<String> topics = List.of();
        private Duration timerMaxDelay; // null: broker.conf's
        private TransactionChecks transactionChecks; // null: broker.conf's

        private Builder(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir").toAbsolutePath();
        }

        /** 0 (default) = a free port. */
        public Builder namesrvPort(int port) {
            this.namesrvPort = port;
            return this;
        }

        /** 0 (default) = a free port p with p-2 and p+1 free too. */
        public Builder brokerPort(int port) {
            this.brokerPort = port;
            return this;
        }

        /** Created, and routable, before {@link #start()} returns. */
        public Builder topics(Collection<String> topics) {
            this.topics = List.copyOf(topics);
            return this;
        }

        /** Longest delay a timer/delay message may ask for (default broker.conf's); it sizes the timer wheel file. */
        public Builder timerMaxDelay(Duration maxDelay) {
            this.timerMaxDelay = Objects.requireNonNull(maxDelay, "maxDelay");
            return this;
        }

        /**
         * How long the broker asks producers about transactional messages nobody committed or rolled back
         * (default broker.conf's, {@link TransactionChecks#DEFAULTS}: long enough for order-service to
         * restart and answer).
         */
        public Builder transactionChecks(TransactionChecks checks) {
            this.transactionChecks = Objects.requireNonNull(checks, "checks");
            return this;
        }

        public EmbeddedRocketMq start() {
            createDirectories(dataDir);
            RocketMqLogging.logTo(dataDir.resolve("logs"));
            // Without it the name server treats the broker as an ancient version and drops its topics
            // ("No route info of this topic"); the *Startup mains set it, controllers built in code must too.
            System.setProperty(RemotingCommand.REMOTING_VERSION_KEY, Integer.toString(MQVersion.CURRENT_VERSION));
            // The servers default to "permissive" TLS, which builds a self-signed certificate per server:
            // ~3 s of start-up for nothing, clients here never ask for TLS. The field is set too because it is
            // read from the property only once, possibly already by a client in this JVM.
            if (System.getProperty(TlsSystemConfig.TLS_SERVER_MODE) == null) {
                System.setProperty(TlsSystemConfig.TLS_SERVER_MODE, TlsMode.DISABLED.getName());
                TlsSystemConfig.tlsMode = TlsMode.DISABLED;
            }

            NamesrvController namesrv = startNamesrv();
            BrokerController broker = null;
            try {
                broker = startBroker(namesrv.getNettyServerConfig().getListenPort());
                EmbeddedRocketMq mq = new EmbeddedRocketMq(namesrv, broker);
                Set<String> startTopics = new LinkedHashSet<>(topics);
                // TBW102 carries the route for auto-created topics: wait for it even when no topic is asked for.
                startTopics.add(TopicValidator.AUTO_CREATE_TOPIC_KEY_TOPIC);
                mq.createTopics(startTopics);
                return mq;
            } catch (RuntimeException e) {
                if (broker != null) {
                    quietly(broker::shutdown, e);
                }
                quietly(namesrv::shutdown, e);
                throw e;
            }
        }

        private NamesrvController startNamesrv() {
            if (namesrvPort != 0) {
                Ports.requireFree(namesrvPort, "RocketMQ name server");
            }
            NamesrvConfig config = new NamesrvConfig();
            Path namesrvDir = dataDir.resolve("namesrv");
            config.setKvConfigPath(namesrvDir.resolve("kvConfig.json").toString());
            config.setConfigStorePath(namesrvDir.resolve("namesrv.properties").toString());
            NettyServerConfig server = new NettyServerConfig();
            server.setListenPort(namesrvPort); // 0: Netty picks, the controller writes the real port back
            NamesrvController namesrv = new NamesrvController(config, server, new NettyClientConfig());
            try {
                if (!namesrv.initialize()) {
                    throw new IllegalStateException("RocketMQ name server failed to initialize");
                }
                namesrv.start();
                return namesrv;
            } catch (Exception e) {
                IllegalStateException failure = new IllegalStateException("RocketMQ name server did not start: " + e.getMessage(), e);
                quietly(namesrv::shutdown, failure);
                throw failure;
            }
        }

        private BrokerController startBroker(int actualNamesrvPort) {
            BrokerSettings settings = brokerSettings(actualNamesrvPort, chooseBrokerPort(actualNamesrvPort));
            String storeDir = settings.store().getStorePathRootDir();

            BrokerController broker = new BrokerController(
                settings.broker(), settings.server(), settings.client(), settings.store(), settings.auth());
            try {
                if (!broker.initialize()) {
                    throw new IllegalStateException("RocketMQ broker failed to initialize (store " + storeDir
                        + "; see " + RocketMqLogging.logRoot() + ")");
                }
                broker.start();
                return broker;
            } catch (Exception e) {
                IllegalStateException failure = e instanceof IllegalStateException ise ? ise
                    : new IllegalStateException("RocketMQ broker did not start: " + e.getMessage(), e);
                quietly(broker::shutdown, failure);
                throw failure;
            }
        }

        /**
         * broker.conf, then what only this JVM can know on top of it; what a file-started broker's start-up
         * ({@code BrokerStartup}) derives, is derived here the same way.
         */
        BrokerSettings brokerSettings(int actualNamesrvPort, int port) {
            Path storeDir = dataDir.resolve("store");
            BrokerConfig brokerConfig = new BrokerConfig();
            NettyServerConfig server = new NettyServerConfig();
            NettyClientConfig client = new NettyClientConfig();
            MessageStoreConfig store = new MessageStoreConfig();
            AuthConfig auth = new AuthConfig();
            BrokerConf.applyTo(brokerConfig, server, client, store, auth);

            // The file names the compose / Kubernetes name server; ours is in this JVM.
            brokerConfig.setNamesrvAddr("127.0.0.1:" + actualNamesrvPort);
            // What the broker advertises to clients through the name server; loopback is all a dev box needs
            // (the file leaves it to each environment, and RocketMQ's own pick would be a LAN address).
            brokerConfig.setBrokerIP1("127.0.0.1");
            brokerConfig.setBrokerIP2("127.0.0.1");
            // Where the broker keeps settings changed at run time; the default is under the user's home.
            brokerConfig.setBrokerConfigPath(storeDir.resolve("config").resolve("broker.properties").toString());
            // The file's 10911 (and 10909, 10912) would clash with a second broker or a compose one.
            server.setListenPort(port);
            brokerConfig.setListenPort(port); // the file sets both, as mqbroker -c does
            store.setHaListenPort(port + 1);
            store.setStorePathRootDir(storeDir.toString());
            if (timerMaxDelay != null) {
                store.setTimerMaxDelaySec((int) Math.max(1, timerMaxDelay.toSeconds()));
            }
            if (transactionChecks != null) {
                brokerConfig.setTransactionTimeOut(transactionChecks.timeout().toMillis());
                brokerConfig.setTransactionCheckInterval(transactionChecks.interval().toMillis());
                brokerConfig.setTransactionCheckMax(transactionChecks.max());
            }

            auth.setConfigName(brokerConfig.getBrokerName());
            auth.setClusterName(brokerConfig.getBrokerClusterName());
            auth.setAuthConfigPath(storeDir.resolve("config").toString());
            return new BrokerSettings(brokerConfig, server, client, store, auth);
        }

        private int chooseBrokerPort(int actualNamesrvPort) {
            if (brokerPort == 0) {
                return Ports.freePortGroup(Set.of(actualNamesrvPort), -2, 0, 1);
            }
            int[] taken = {brokerPort - 2, brokerPort, brokerPort + 1};
            for (int port : taken) {
                if (port == actualNamesrvPort) {
                    throw new IllegalStateException("RocketMQ broker port " + brokerPort + " needs ports "
                        + (brokerPort - 2) + ".." + (brokerPort + 1) + ", which include the name server port " + port);
                }
            }
            Ports.requireFree(brokerPort, "RocketMQ broker");
            Ports.requireFree(brokerPort - 2, "RocketMQ broker fast (VIP, broker port - 2)");
            Ports.requireFree(brokerPort + 1, "RocketMQ broker HA (broker port + 1)");
            return brokerPort;
        }

        /** Cleans up after a failed start; a second failure is attached to the first, never lost. */
        private static void quietly(Runnable shutdown, RuntimeException original) {
            try {
                shutdown.run();
            } catch (RuntimeException e) {
                original.addSuppressed(e);
            }
        }

        private static void createDirectories(Path dir) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + dir, e);
            }
        }
    }
}
