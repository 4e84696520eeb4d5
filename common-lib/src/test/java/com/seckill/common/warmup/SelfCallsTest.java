package com.seckill.common.warmup;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class SelfCallsTest {

    private final AtomicInteger received = new AtomicInteger();
    private HttpServer server;

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void makesEveryCallAndCountsTheAnswers() throws IOException {
        URI uri = serve(404);

        SelfCalls.Result result = SelfCalls.run("token route", 120, 4, i -> HttpRequest.newBuilder(uri).build());

        assertThat(result.sent()).isEqualTo(120);
        assertThat(received).hasValue(120);
        assertThat(result.byStatus()).isEqualTo(Map.of(404, 120L));
        assertThat(result.failed()).isZero();
        assertThat(result.stoppedBy()).isNull();
    }

    @Test
    void aFewFailuresDoNotStopItSinceColdCallsFail() throws IOException {
        URI uri = serve(200);
        URI failing = URI.create(uri + "fail");

        SelfCalls.Result result = SelfCalls.run("order route", 100, 4,
                i -> HttpRequest.newBuilder(i < SelfCalls.FAILURES_ALLOWED - 1 ? failing : uri).build());

        assertThat(result.sent()).isEqualTo(100);
        assertThat(result.failed()).isEqualTo(SelfCalls.FAILURES_ALLOWED - 1);
        assertThat(result.stoppedBy()).isNull();
    }

    @Test
    void stopsAfterTenFailuresInsteadOfHammeringAMissingDependency() throws IOException {
        URI uri = serve(503);

        SelfCalls.Result result = SelfCalls.run("order route", 1_000, 4, i -> HttpRequest.newBuilder(uri).build());

        assertThat(result.stoppedBy()).isEqualTo("HTTP 503");
        assertThat(received.get()).as("at most one more call per thread after the tenth 503")
                .isBetween(SelfCalls.FAILURES_ALLOWED, SelfCalls.FAILURES_ALLOWED + 3);
    }

    @Test
    void stopsWhenNothingListens() throws IOException {
        URI uri = serve(200);
        server.stop(0);

        SelfCalls.Result result = SelfCalls.run("catalog route", 1_000, 2, i -> HttpRequest.newBuilder(uri).build());

        assertThat(result.sent()).isZero();
        assertThat(result.stoppedBy()).contains("ConnectException");
    }

    private URI serve(int status) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            received.incrementAndGet();
            exchange.sendResponseHeaders(exchange.getRequestURI().getPath().endsWith("/fail") ? 500 : status, -1);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }
}
