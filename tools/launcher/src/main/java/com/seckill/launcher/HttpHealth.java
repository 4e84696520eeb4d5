package com.seckill.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Readiness and routing checks over plain HTTP/1.1 on the loopback. */
public final class HttpHealth {

    public static final String READINESS_PATH = "/actuator/health/readiness";
    static final String HEALTH_PATH = "/actuator/health";

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** HTTP status of a GET, or -1 when nothing answered in time. */
    public int status(String url, Duration timeout) {
        try {
            return client.send(request(url, timeout), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public CompletableFuture<Integer> statusAsync(String url, Duration timeout) {
        return client.sendAsync(request(url, timeout), HttpResponse.BodyHandlers.discarding())
                .thenApply(HttpResponse::statusCode)
                .exceptionally(e -> -1);
    }

    /**
     * Ready when the readiness group answers 200. A 404 there means the service has not enabled the
     * probe groups; then the overall health decides, rather than waiting out the timeout.
     */
    public boolean ready(int port) {
        int code = status(url(port, READINESS_PATH), Duration.ofSeconds(2));
        return code == 200 || (code == 404 && status(url(port, HEALTH_PATH), Duration.ofSeconds(2)) == 200);
    }

    /** "UP" / "DOWN" for the status table; short timeout so a hung service cannot stall it. */
    public CompletableFuture<String> healthLabel(int port) {
        Duration timeout = Duration.ofMillis(1500);
        return statusAsync(url(port, READINESS_PATH), timeout).thenCompose(code -> code == 404
                        ? statusAsync(url(port, HEALTH_PATH), timeout)
                        : CompletableFuture.completedFuture(code))
                .thenApply(code -> code == 200 ? "UP" : "DOWN");
    }

    static String url(int port, String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private static HttpRequest request(String url, Duration timeout) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
    }
}
