package com.seckill.loadtest;

import com.seckill.inventory.stock.StockKeys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Redis's own limit for the shop's hot path: {@code redis-benchmark} running inventory-service's
 * reservation script (EVALSHA, random buyers, so almost every call takes the full accepting path) on a
 * bench-only activity with stock that never runs out. The script is read from the repository, so the
 * ceiling follows any change to it.
 */
final class RedisCeiling {

    private static final Pattern RPS = Pattern.compile("([0-9.]+) requests per second");
    /** The script's keys of an activity id no sale has, so the ceiling never touches a real sale's stock. */
    private static final List<String> KEYS = StockKeys.all(-1);

    /** As long as order-service's JSON of an order, which each reservation keeps until it is sent. */
    private static final String ORDER_MESSAGE = "{\"orderId\":121896127397105664,\"userId\":\"bench-user-12345678\",\"activityId\":-1,"
            + "\"productId\":1,\"quantity\":1,\"amountCents\":19900,\"placedAt\":\"2026-12-03T08:51:41.495Z\","
            + "\"sequence\":1764751901000001,\"payBy\":\"2026-12-03T09:06:41.495Z\"}";

    private final String host;
    private final int port;
    private final Path script;

    RedisCeiling(String host, int port, Path script) {
        this.host = host;
        this.port = port;
        this.script = script;
    }

    /** Requests per second, or empty (with the reason on stderr) where redis-benchmark is missing. */
    Optional<Double> measure(int requests, int pipeline) throws IOException, InterruptedException {
        try {
            String sha = cli("SCRIPT", "LOAD", Files.readString(script)).trim();
            cli("SET", KEYS.get(0), "1000000000");
            List<String> command = new ArrayList<>(List.of("redis-benchmark", "-h", host, "-p", Integer.toString(port),
                    "-n", Integer.toString(requests), "-c", "50", "-P", Integer.toString(pipeline), "-r", "100000000", "-q",
                    "EVALSHA", sha, Integer.toString(KEYS.size())));
            command.addAll(KEYS);
            // a batch of one: the time, no published ids, no replay look-ups, then limit 1, quantity 1, a random buyer and order
            // id, no idempotency key, and an order message of the usual size for the outbox
            command.addAll(List.of(Long.toString(System.currentTimeMillis()), "0", "0", "1", "1", "bench-user-__rand_int__", "__rand_int__",
                    "", ORDER_MESSAGE));
            Matcher m = RPS.matcher(run(command));
            return m.find() ? Optional.of(Double.parseDouble(m.group(1))) : Optional.empty();
        } catch (IOException e) {
            System.err.println("redis ceiling not measured: " + e.getMessage());
            return Optional.empty();
        } finally {
            List<String> del = new ArrayList<>(List.of("DEL"));
            del.addAll(KEYS);
            cliQuietly(del);
        }
    }

    private String cli(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-h", host, "-p", Integer.toString(port)));
        command.addAll(List.of(args));
        return run(command);
    }

    private void cliQuietly(List<String> args) throws InterruptedException {
        try {
            cli(args.toArray(String[]::new));
        } catch (IOException ignored) {
            // the keys are small and tagged for the bench; a leftover does no harm
        }
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command.subList(0, 1)) + " failed: " + output.trim());
        }
        return output;
    }
}
