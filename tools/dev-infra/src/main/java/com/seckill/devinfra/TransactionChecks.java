package com.seckill.devinfra;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * How long the broker asks about a transactional (half) message that its producer neither committed nor
 * rolled back: order-service's pay and cancel events, when order-service died between the half send and
 * its commit (the commit is one-way, so even a lost packet leaves one). The broker asks a producer of the
 * message's group ("check-back") once the message is {@code timeout} old, then every {@code interval};
 * each round counts, whether or not a producer of the group is connected to answer, and after
 * {@code max} rounds it drops the message: it is never delivered, as if rolled back. A change the row
 * already carries (an order paid or cancelled in MySQL) would then never reach inventory-service.
 *
 * <p>So {@link #window()} must cover a restart of order-service, from the kill to its readiness (which
 * waits for its producer to be registered with the broker): 30-60 s on a 2-core box, up to the 3 minutes
 * Kubernetes' startup probe allows. The defaults give ~5 minutes, and a restarted instance's answer is
 * asked for within 10 s of its readiness. RocketMQ's own defaults (6 s, 30 s, 15) give 7.5 minutes but
 * leave a restarted instance's decision waiting up to 30 s. A round costs the broker one rewrite of each
 * undecided half message, nothing worth saving at this scale.
 *
 * @param timeout  age of a half message before it is first asked about (RocketMQ {@code transactionTimeOut})
 * @param interval how often the broker asks ({@code transactionCheckInterval})
 * @param max      rounds before the message is dropped ({@code transactionCheckMax})
 */
public record TransactionChecks(Duration timeout, Duration interval, int max) {

    public static final String TIMEOUT_ENV = "SECKILL_BROKER_TRANSACTION_TIMEOUT";
    public static final String INTERVAL_ENV = "SECKILL_BROKER_TRANSACTION_CHECK_INTERVAL";
    public static final String MAX_ENV = "SECKILL_BROKER_TRANSACTION_CHECK_MAX";

    /** broker.conf's (6 s, every 10 s, 30 times: a half message is answered for ~5 minutes). */
    public static final TransactionChecks DEFAULTS = of(BrokerConf.properties());

    public TransactionChecks {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(interval, "interval");
        if (timeout.isNegative() || interval.isNegative() || interval.isZero() || max < 1) {
            throw new IllegalArgumentException("transaction checks need timeout >= 0, interval > 0 and max >= 1, not "
                + timeout + ", " + interval + ", " + max);
        }
    }

    /** The defaults, each overridden by its environment variable when set (ISO-8601 durations, a count). */
    public static TransactionChecks fromEnv(Map<String, String> env) {
        return new TransactionChecks(
            duration(env, TIMEOUT_ENV, DEFAULTS.timeout),
            duration(env, INTERVAL_ENV, DEFAULTS.interval),
            count(env, MAX_ENV, DEFAULTS.max));
    }

    /**
     * The three settings of a broker configuration file, which must have them. Read by hand, not through
     * RocketMQ's BrokerConfig: that would start RocketMQ's logging before {@link RocketMqLogging} places it.
     */
    static TransactionChecks of(Properties brokerConf) {
        return new TransactionChecks(Duration.ofMillis(number(brokerConf, "transactionTimeOut")),
            Duration.ofMillis(number(brokerConf, "transactionCheckInterval")),
            Math.toIntExact(number(brokerConf, "transactionCheckMax")));
    }

    private static long number(Properties brokerConf, String key) {
        String value = brokerConf.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(BrokerConf.RESOURCE + " has no " + key);
        }
        return Long.parseLong(value.trim());
    }

    /** How long after its half send a message is still asked about; then it is dropped. */
    public Duration window() {
        return timeout.plus(interval.multipliedBy(max));
    }

    @Override
    public String toString() {
        return "first after " + timeout.toMillis() + " ms, every " + interval.toMillis() + " ms, " + max
            + " times (dropped after ~" + window().toSeconds() + " s)";
    }

    private static Duration duration(Map<String, String> env, String name, Duration fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Duration.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " needs an ISO-8601 duration such as PT10S, not '" + value + "'");
        }
    }

    private static int count(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a whole number, not '" + value + "'");
        }
    }
}
