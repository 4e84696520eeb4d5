package com.seckill.devinfra;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The embedded broker runs with deploy/rocketmq/broker.conf, the file compose and Kubernetes use. */
class BrokerConfTest {

    /** Keys of the file that the embedded broker sets itself: they name compose's / Kubernetes' network. */
    private static final Set<String> OVERRIDDEN = Set.of("namesrvAddr", "listenPort");

    private static final Path DATA_DIR = Path.of("target", "it", "broker-conf").toAbsolutePath();

    @BeforeAll
    static void keepRocketMqLogsOutOfTheHomeDirectory() {
        // RocketMQ's configuration classes log, and would otherwise start its logging in ~/logs.
        RocketMqLogging.logTo(DATA_DIR.resolve("logs"));
    }

    @Test
    void theJarCarriesTheFileOfDeploy() throws Exception {
        // Maven runs tests in the module directory and passes it as basedir; an IDE usually does the former.
        Path moduleDir = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        Path file = moduleDir.resolve("../../deploy/rocketmq/broker.conf").normalize();

        assertThat(BrokerConf.text()).isEqualTo(Files.readString(file, StandardCharsets.ISO_8859_1));
    }

    @Test
    void everyKeyOfTheFileIsABrokerSetting() {
        // The broker ignores a key it does not know, so a misspelt one would silently change nothing.
        EmbeddedRocketMq.BrokerSettings settings = EmbeddedRocketMq.builder(DATA_DIR).brokerSettings(19876, 20911);

        for (String key : BrokerConf.properties().stringPropertyNames()) {
            assertThat(holders(settings, key)).as("a broker configuration object with the setting %s", key).isNotEmpty();
        }
    }

    @Test
    void theEmbeddedBrokerHasEverySettingOfTheFileButItsAddresses() throws Exception {
        EmbeddedRocketMq.BrokerSettings settings = EmbeddedRocketMq.builder(DATA_DIR).brokerSettings(19876, 20911);
        Properties file = BrokerConf.properties();

        for (String key : file.stringPropertyNames()) {
            if (OVERRIDDEN.contains(key)) {
                continue;
            }
            for (Object config : holders(settings, key)) {
                assertThat(String.valueOf(getter(config, key).invoke(config)))
                    .as("%s of %s", key, config.getClass().getSimpleName()).isEqualTo(file.getProperty(key).trim());
            }
        }
        // spelled out for a reader, and in case the loop above were ever to check nothing
        assertThat(settings.store().getMaxTransferCountOnMessageInMemory())
            .isEqualTo(Integer.parseInt(file.getProperty("maxTransferCountOnMessageInMemory")));
        assertThat(settings.broker().getBrokerName()).isEqualTo(file.getProperty("brokerName"));
        assertThat(TransactionChecks.DEFAULTS.timeout().toMillis())
            .isEqualTo(Long.parseLong(file.getProperty("transactionTimeOut")));
    }

    @Test
    void whatDependsOnRunningInThisJvmIsSetOnTopOfTheFile() {
        EmbeddedRocketMq.BrokerSettings settings = EmbeddedRocketMq.builder(DATA_DIR).brokerSettings(19876, 20911);

        assertThat(settings.broker().getNamesrvAddr()).isEqualTo("127.0.0.1:19876");
        assertThat(settings.broker().getBrokerIP1()).isEqualTo("127.0.0.1");
        assertThat(settings.server().getListenPort()).isEqualTo(20911);
        assertThat(settings.store().getHaListenPort()).isEqualTo(20912);
        assertThat(Path.of(settings.store().getStorePathRootDir())).isEqualTo(DATA_DIR.resolve("store"));
        assertThat(Path.of(settings.broker().getBrokerConfigPath())).isEqualTo(DATA_DIR.resolve("store/config/broker.properties"));
        assertThat(settings.auth().getConfigName()).isEqualTo(settings.broker().getBrokerName());
    }

    @Test
    void theBuildersOverridesWinOverTheFile() {
        TransactionChecks checks = new TransactionChecks(Duration.ofSeconds(3), Duration.ofSeconds(1), 120);
        EmbeddedRocketMq.BrokerSettings settings = EmbeddedRocketMq.builder(DATA_DIR)
            .transactionChecks(checks)
            .timerMaxDelay(Duration.ofHours(2))
            .brokerSettings(19876, 20911);

        assertThat(settings.broker().getTransactionTimeOut()).isEqualTo(3_000);
        assertThat(settings.broker().getTransactionCheckInterval()).isEqualTo(1_000);
        assertThat(settings.broker().getTransactionCheckMax()).isEqualTo(120);
        assertThat(settings.store().getTimerMaxDelaySec()).isEqualTo(7_200);
    }

    /** The configuration objects with a setter for the key, as RocketMQ's MixAll.properties2Object finds it. */
    private static List<Object> holders(EmbeddedRocketMq.BrokerSettings settings, String key) {
        String setter = "set" + Character.toUpperCase(key.charAt(0)) + key.substring(1);
        List<Object> holders = new ArrayList<>();
        for (Object config : List.of(settings.broker(), settings.server(), settings.client(), settings.store(), settings.auth())) {
            for (Method method : config.getClass().getMethods()) {
                if (method.getName().equals(setter) && method.getParameterCount() == 1) {
                    holders.add(config);
                    break;
                }
            }
        }
        return holders;
    }

    private static Method getter(Object config, String key) {
        String property = Character.toUpperCase(key.charAt(0)) + key.substring(1);
        return Optional.ofNullable(method(config, "get" + property)).or(() -> Optional.ofNullable(method(config, "is" + property)))
            .orElseThrow(() -> new AssertionError("no getter for " + key + " on " + config.getClass().getSimpleName()));
    }

    private static Method method(Object config, String name) {
        try {
            return config.getClass().getMethod(name);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
