package com.seckill.baseline;

import com.seckill.testsupport.TestServers;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service on a random port against the real MySQL (schema seckill_baseline_it), one context for
 * every integration test of the module. Each test uses activity ids of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class RunningBaseline {

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        TestServers.register(registry);
        registry.add("SECKILL_BASELINE_DB", () -> "seckill_baseline_it");
    }

    @Value("${local.server.port}")
    protected int port;

    @Autowired
    protected JdbcTemplate jdbc;

    @Autowired
    protected JsonMapper json;

    protected BaselineClient client() {
        return new BaselineClient(port);
    }

    /** A sale that is on: started a minute ago, ends in an hour. */
    protected void saleOn(long activityId, int stock) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        HttpResponse<String> put = client().putActivity(activityId, stock, now.minus(Duration.ofMinutes(1)), now.plus(Duration.ofHours(1)), "USER,ADMIN");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    }

    protected int stockOf(long activityId) {
        return json.readTree(client().getActivity(activityId).body()).get("stock").asInt();
    }

    protected int ordersOf(long activityId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM orders WHERE activity_id = ?", Integer.class, activityId);
    }

    protected void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("code").asString()).isEqualTo(code);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
    }

    /** Runs n calls on n threads, all released together by one latch once every thread is ready. */
    protected static List<HttpResponse<String>> race(int n, IntFunction<HttpResponse<String>> call) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch ready = new CountDownLatch(n);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(threads.submit(() -> {
                    ready.countDown();
                    go.await();
                    return call.apply(index);
                }));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).as("all threads ready").isTrue();
            go.countDown();
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (Future<HttpResponse<String>> future : futures) {
                responses.add(future.get(60, TimeUnit.SECONDS));
            }
            return responses;
        } finally {
            threads.shutdownNow();
        }
    }
}
