package com.seckill.loadtest;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

/** A run's settings, parsed from the command line with an error that names the offending argument. */
record Options(String scenario, URI gateway, String activityId, int buyers, int concurrency,
               Duration ramp, Duration duration, Path reportDir) {

    static final List<String> SCENARIOS = List.of("flash-sale", "sold-out", "browse");
    static final String USAGE = "usage: java -jar loadtest.jar <flash-sale|sold-out|browse> --activity ID"
            + " [--gateway URL] [--buyers N] [--concurrency C] [--ramp PT10S] [--duration PT30S] [--report DIR]";

    private static final Set<String> FLAGS = Set.of(
            "--gateway", "--activity", "--buyers", "--concurrency", "--ramp", "--duration", "--report");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    static Options parse(String[] args, LocalDateTime now) {
        if (args.length == 0) {
            throw new IllegalArgumentException("missing scenario");
        }
        String scenario = args[0];
        if (!SCENARIOS.contains(scenario)) {
            throw new IllegalArgumentException("unknown scenario '" + scenario + "', expected one of " + SCENARIOS);
        }
        URI gateway = URI.create("http://localhost:8080");
        String activity = null;
        int buyers = 1_000;
        Integer concurrency = null;
        Duration ramp = Duration.ZERO;
        Duration duration = Duration.ofSeconds(30);
        Path report = Path.of("target", "loadtest-" + STAMP.format(now));
        for (int i = 1; i < args.length; i += 2) {
            String flag = args[i];
            if (!FLAGS.contains(flag)) {
                throw new IllegalArgumentException("unknown option '" + flag + "'");
            }
            if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = args[i + 1];
            switch (flag) {
                case "--gateway" -> gateway = url(value);
                case "--activity" -> activity = value;
                case "--buyers" -> buyers = positive(flag, value);
                case "--concurrency" -> concurrency = positive(flag, value);
                case "--ramp" -> ramp = duration(flag, value, true);
                case "--duration" -> duration = duration(flag, value, false);
                default -> report = Path.of(value);
            }
        }
        if (activity == null) {
            throw new IllegalArgumentException("--activity is required (an id from GET /api/activities)");
        }
        // One thread per buyer by default, so the latch really releases every buyer at the same instant.
        int threads = concurrency != null ? concurrency : "browse".equals(scenario) ? 16 : buyers;
        return new Options(scenario, gateway, activity, buyers, threads, ramp, duration, report);
    }

    private static URI url(String value) {
        try {
            URI uri = new URI(value);
            // Plain HTTP only: the tool measures the shop behind its TLS terminator, as the gateway sees it.
            if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("--gateway must be an http:// URL, got '" + value + "'");
            }
            return URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("--gateway must be an http:// URL, got '" + value + "'");
        }
    }

    static int positive(String flag, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the same message as a non-positive number
        }
        throw new IllegalArgumentException(flag + " must be a positive integer, got '" + value + "'");
    }

    private static Duration duration(String flag, String value, boolean zeroAllowed) {
        try {
            Duration d = Duration.parse(value);
            if (d.isNegative() || (!zeroAllowed && d.isZero())) {
                throw new IllegalArgumentException(flag + " must be " + (zeroAllowed ? "zero or more" : "positive")
                        + ", got '" + value + "'");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(flag + " must be an ISO-8601 duration like PT10S, got '" + value + "'");
        }
    }
}
