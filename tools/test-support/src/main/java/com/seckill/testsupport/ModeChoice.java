package com.seckill.testsupport;

import java.util.Locale;
import java.util.function.BooleanSupplier;

/** Which servers the tests get, and why: a pure function of its inputs, decided once per JVM. */
record ModeChoice(Mode mode, String reason) {

    enum Mode {
        LOCAL, CONTAINERS;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @param property        value of {@code -Dseckill.test-servers}, or null
     * @param env             value of {@code SECKILL_TEST_SERVERS}, or null
     * @param dockerAvailable asked only in {@code auto} mode, since probing Docker takes time
     */
    static ModeChoice choose(String property, String env, BooleanSupplier dockerAvailable) {
        String source;
        String value;
        if (!isBlank(property)) {
            source = TestServers.MODE_PROPERTY;
            value = property;
        } else if (!isBlank(env)) {
            source = TestServers.MODE_ENV;
            value = env;
        } else {
            source = null;
            value = "auto";
        }
        String requested = value.trim().toLowerCase(Locale.ROOT);
        String from = source == null ? "default" : source + "=" + requested;
        return switch (requested) {
            case "local" -> new ModeChoice(Mode.LOCAL, from);
            case "containers" -> new ModeChoice(Mode.CONTAINERS, from);
            case "auto" -> dockerAvailable.getAsBoolean()
                ? new ModeChoice(Mode.CONTAINERS, from + " (auto): a Docker engine answers")
                : new ModeChoice(Mode.LOCAL, from + " (auto): no Docker engine answers");
            default -> throw new IllegalArgumentException("unknown test server mode '" + value + "' from " + source
                + "; use local, containers or auto");
        };
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
