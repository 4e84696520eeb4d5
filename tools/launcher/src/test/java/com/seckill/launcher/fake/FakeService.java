package com.seckill.launcher.fake;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stands in for a Spring Boot service: listens on SERVER_PORT, answers readiness and
 * /api/activities, and shows its SECKILL_* environment on /env. FAKE_EXIT=<name> makes that
 * service die during start-up, FAKE_NOT_READY=<name> keeps its readiness at 503.
 */
public final class FakeService {

    public static void main(String[] args) throws Exception {
        String name = System.getProperty("seckill.process", "?");
        if (name.equals(System.getenv("FAKE_EXIT"))) {
            System.out.println("fake failure of " + name);
            System.exit(3);
        }
        int port = Integer.parseInt(System.getenv("SERVER_PORT"));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        boolean neverReady = name.equals(System.getenv("FAKE_NOT_READY"));
        server.createContext("/actuator/health/readiness", ex -> {
            if (neverReady) {
                ex.sendResponseHeaders(503, -1);
                ex.close();
            } else {
                respond(ex, "{\"status\":\"UP\"}");
            }
        });
        server.createContext("/api/activities", ex -> respond(ex, "[]"));
        server.createContext("/env", ex -> {
            Map<String, String> env = new TreeMap<>();
            System.getenv().forEach((k, v) -> {
                if (k.startsWith("SECKILL_") || k.equals("SERVER_PORT")) {
                    env.put(k, v);
                }
            });
            StringBuilder sb = new StringBuilder();
            env.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
            respond(ex, sb.toString());
        });
        server.start();
        System.out.println("fake " + name + " listening on " + port);
    }

    private static void respond(HttpExchange ex, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
