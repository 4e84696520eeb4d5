package com.seckill.loadtest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The few gateway calls the scenarios make; every call, answered or not, lands in the recorder. */
final class ShopClient {

    // The answers are tiny flat JSON objects; a regex keeps the tool free of a JSON library.
    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"([^\"]*)\"");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final URI gateway;
    private final Recorder recorder;

    ShopClient(URI gateway, Recorder recorder) {
        // HTTP/1.1: a burst should look like many browsers, not a few multiplexed HTTP/2 streams.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        this.gateway = gateway;
        this.recorder = recorder;
    }

    /** @return the seckill token, or null when the shop refused one (already recorded). */
    String requestToken(String activityId, String jwt) {
        Answer answer = send(post("/api/activities/" + activityId + "/token", jwt, "{}"));
        if (answer.status() != 200) {
            return null;
        }
        Matcher m = TOKEN.matcher(answer.body());
        return m.find() ? m.group(1) : null;
    }

    int placeOrder(String activityId, String jwt, String seckillToken) {
        String body = "{\"quantity\":1,\"token\":\"" + seckillToken + "\"}";
        return send(post("/api/activities/" + activityId + "/orders", jwt, body)).status();
    }

    int get(String path) {
        return send(HttpRequest.newBuilder(gateway.resolve(path)).timeout(TIMEOUT).GET().build()).status();
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
            String code = null;
            if (response.statusCode() >= 400) {
                Matcher m = CODE.matcher(response.body());
                code = m.find() ? m.group(1) : null;
            }
            recorder.record(startMillis, latency, response.statusCode(), code);
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            // No HTTP answer: counted as status 0 so refused connections and timeouts show up as errors.
            recorder.record(startMillis, System.nanoTime() - start, 0, e.getClass().getSimpleName());
            return new Answer(0, "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, "");
        }
    }

    private record Answer(int status, String body) {
    }
}
