package com.seckill.loadtest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The gateway calls the scenarios make; every call, answered or not, lands in the recorder. */
final class ShopClient {

    // The answers are tiny flat JSON objects; a regex keeps the tool free of a JSON library.
    private static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"([^\"]*)\"");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final URI gateway;
    private final Recorder recorder;

    ShopClient(URI gateway, Recorder recorder) {
        // HTTP/1.1: a burst should look like many browsers, not a few multiplexed HTTP/2 streams.
        this(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build(), gateway, recorder);
    }

    private ShopClient(HttpClient http, URI gateway, Recorder recorder) {
        this.http = http;
        this.gateway = gateway;
        this.recorder = recorder;
    }

    /** The same connections, counted in another recorder: one per phase of a bench. */
    ShopClient recordingInto(Recorder other) {
        return new ShopClient(http, gateway, other);
    }

    URI gateway() {
        return gateway;
    }

    Answer requestToken(String activityId, String jwt) {
        return send(post("/api/activities/" + activityId + "/token", jwt, "{}"));
    }

    Answer placeOrder(String activityId, String jwt, String seckillToken) {
        return send(post("/api/activities/" + activityId + "/orders", jwt,
                "{\"quantity\":1,\"token\":\"" + seckillToken + "\"}"));
    }

    /** The rival's order: no token step, the order is written before the answer. */
    Answer placeBaselineOrder(String activityId, String jwt) {
        return send(post("/api/baseline/activities/" + activityId + "/orders", jwt, "{\"quantity\":1}"));
    }

    Answer get(String path) {
        return send(HttpRequest.newBuilder(gateway.resolve(path)).timeout(TIMEOUT).GET().build());
    }

    Answer get(String path, String jwt) {
        return send(HttpRequest.newBuilder(gateway.resolve(path)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + jwt).GET().build());
    }

    Answer post(String path, String jwt, String json, String method) {
        return send(HttpRequest.newBuilder(gateway.resolve(path)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + jwt)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private HttpRequest post(String path, String jwt, String json) {
        return HttpRequest.newBuilder(gateway.resolve(path)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + jwt)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private Answer send(HttpRequest request) {
        long startMillis = System.currentTimeMillis();
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            long latency = System.nanoTime() - start;
            String code = response.statusCode() >= 400 ? Json.string(response.body(), "code") : null;
            recorder.record(startMillis, latency, response.statusCode(), code);
            return new Answer(response.statusCode(), response.body(), code);
        } catch (IOException e) {
            // No HTTP answer: counted as status 0 so refused connections and timeouts show up as errors.
            String code = e.getClass().getSimpleName();
            recorder.record(startMillis, System.nanoTime() - start, 0, code);
            return new Answer(0, "", code);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, "", "Interrupted");
        }
    }

    /** @param code the problem's code, the exception's name when there was no answer, or null */
    record Answer(int status, String body, String code) {

        String field(String name) {
            return Json.string(body, name);
        }
    }
}
