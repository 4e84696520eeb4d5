package com.seckill.gateway;

import com.seckill.testsupport.TestServers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Without the {@code bench} profile the gateway has no route to baseline-sync: the product's edge only. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BenchRoutesAbsentIT {

    @Value("${local.server.port}")
    int port;

    @Autowired
    RouteLocator routeLocator;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        TestServers.register(registry);
        registry.add("SECKILL_JWT_SECRET", () -> TestTokens.SECRET);
        // Were the routes there, this instance would be found: only the missing route can answer 404.
        registry.add("spring.cloud.discovery.client.simple.instances.baseline-sync[0].uri", () -> "http://127.0.0.1:9");
    }

    @Test
    void theBenchRoutesDoNotExist() {
        List<String> ids = routeLocator.getRoutes().map(Route::getId).collectList().block(Duration.ofSeconds(10));

        assertThat(ids).contains("order-service").doesNotContain("bench-plain", "bench-filtered", "baseline");
    }

    @Test
    void theirPathsAre404() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String token = "Bearer " + TestTokens.user("1001");
        for (String path : new String[] {"/bench/plain", "/api/bench/ping", "/api/baseline/activities/1"}) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", token).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.body()).contains("\"code\":\"NOT_FOUND\"");
        }
    }
}
