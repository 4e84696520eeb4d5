package com.seckill.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

/**
 * The HTTP side of a neighbour's stand-in: a server on a free loopback port that answers JSON, for a
 * service's integration tests to reach through Spring Cloud's simple discovery client
 * ({@code spring.cloud.discovery.client.simple.instances.<service>[0].uri}), as it would the real one
 * through Eureka. What it answers is the stand-in's own; this is only the plumbing they share.
 */
public final class StandInServer implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static {
        // Headers and body leave in two writes; with Nagle's algorithm on, the second waits for the
        // client's delayed ACK of the first: ~40 ms a call. Read once, when the JVM's first server starts.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;

    private StandInServer(HttpServer server) {
        this.server = server;
    }

    /** Answers every request under {@code path} with {@code handler}, each exchange closed after it. */
    public static StandInServer start(String path, HttpHandler handler) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext(path, exchange -> {
                try (exchange) {
                    handler.handle(exchange);
                }
            });
            server.start();
            return new StandInServer(server);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start a stand-in server", e);
        }
    }

    public String uri() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public static JsonNode body(HttpExchange exchange) {
        return JSON.readTree(exchange.getRequestBody());
    }

    /** {@code body} as JSON; a status other than 200 as problem+json, as the services answer errors. */
    public static void reply(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", status == 200 ? "application/json" : "application/problem+json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
