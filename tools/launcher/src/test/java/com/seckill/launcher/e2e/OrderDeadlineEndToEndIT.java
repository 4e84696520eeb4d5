package com.seckill.launcher.e2e;

import com.seckill.launcher.Endpoints;
import com.seckill.launcher.FreePorts;
import com.seckill.launcher.Procs;
import com.seckill.launcher.Service;
import com.seckill.launcher.ServiceStatus;
import com.seckill.launcher.Suite;
import com.seckill.launcher.SuiteConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * "A 5xx means nothing was placed, or a retry finds it", through the whole suite while orders take longer
 * than the gateway waits for them. The launcher starts the suite (its own home, ports and schemas) with
 * the order route's time limit cut to half a second and an order-service that places one order at a
 * time, so a burst of buyers queues far past that limit. Every buyer sends an Idempotency-Key and, as the
 * apps do, asks again with it after a 5xx or no answer until it has a decision. Afterwards every order in
 * MySQL is one its buyer was answered 202, the first time or on a retry, and every unit adds up.
 * {@link SuiteEndToEndIT} covers the rest of the suite, with time limits long enough never to be hit.
 */
class OrderDeadlineEndToEndIT {

    static final String ADMIN = "e2e-deadline-admin";
    static final String ADMIN_PASSWORD = "e2e-deadline-admin-password";
    static final String JWT_SECRET = "e2e-deadline-secret-" + UUID.randomUUID();
    static final Duration ORDER_ROUTE_LIMIT = Duration.ofMillis(500);
    static final String PRODUCT_DB = "seckill_product_e2e_deadline";
    static final String ORDER_DB = "seckill_order_e2e_deadline";
    static final int UNITS = 150;
    static final int BUYERS = 600;

    static Suite suite;
    static Endpoints servers;
    static URI gateway;
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final List<Long> startedPids = new ArrayList<>();

    @BeforeAll
    static void upTheSuite() throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(FreePorts.suiteEnv());
        env.put("SECKILL_HOME", Path.of("target", "e2e-deadline-home").toAbsolutePath().toString());
        env.put("SECKILL_PRODUCT_DB", PRODUCT_DB);
        env.put("SECKILL_INVENTORY_DB", "seckill_inventory_e2e_deadline");
        env.put("SECKILL_ORDER_DB", ORDER_DB);
        env.put("SECKILL_ADMIN_USERNAME", ADMIN);
        env.put("SECKILL_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("SECKILL_JWT_SECRET", JWT_SECRET);
        // Orders slower than the gateway waits: a short order route, and one order placed at a time.
        env.put("SECKILL_GATEWAY_ORDER_TIMEOUT", ORDER_ROUTE_LIMIT.toMillis() + "ms");
        env.put("SECKILL_GROUP_COMMIT_THREADS", "1");
        env.put("SECKILL_GROUP_COMMIT_MAX_BATCH", "1");
        // In proportion to that half second: answer 0.1 s before the deadline, begin with 0.1 s left.
        env.put("SECKILL_ORDER_DEADLINE_MARGIN", "PT0.1S");
        env.put("SECKILL_ORDER_MIN_BUDGET", "PT0.1S");
        // A breaker opened by the burst lets the retries through again soon.
        env.put("SECKILL_BREAKER_OPEN_FOR", "1s");
        // Not under test here: a buyer asking again every few hundred milliseconds is never refused 429.
        env.put("SECKILL_RATE_LIMIT_USER_PER_SECOND", "100");
        env.put("SECKILL_RATE_LIMIT_USER_BURST", "200");
        Path repoRoot = Path.of(System.getProperty("seckill.repo", "../..")).toAbsolutePath().normalize();

        suite = new Suite(SuiteConfig.fromEnv(repoRoot, env));
        servers = suite.up(true).endpoints();
        suite.status().stream().filter(ServiceStatus::running).forEach(s -> startedPids.add(s.pid()));
        gateway = URI.create("http://127.0.0.1:" + suite.config().port(Service.GATEWAY));
        assertThat(suite.awaitRoutable(Duration.ofSeconds(120))).as("the gateway routes by Eureka name").isPresent();
    }

    @AfterAll
    static void downTheSuite() {
        if (suite == null) {
            return;
        }
        suite.down();
        for (long pid : startedPids) {
            assertThat(ProcessHandle.of(pid).filter(Procs::isRunning)).as("process %d is gone", pid).isEmpty();
        }
    }

    /** One buyer's first answer (null: none came) and the decision it ended with. */
    record Buyer(String userId, HttpResponse<String> first, HttpResponse<String> last) {

        boolean firstUndecided() {
            return undecided(first);
        }
    }

    @Test
    void ordersDrivenPastTheGatewaysTimeLimitAreEachAnsweredToTheirBuyerOrFoundByARetry() throws Exception {
        String admin = "Bearer " + login(ADMIN, ADMIN_PASSWORD);
        String activityId = createLoadedSale(admin, UNITS);

        ExecutorService pool = Executors.newFixedThreadPool(150);
        List<Future<Buyer>> futures = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        for (int i = 0; i < BUYERS; i++) {
            String userId = "e2e-deadline-" + activityId + "-" + i;
            futures.add(pool.submit(() -> {
                start.await();
                return buyAsTheAppsDo(activityId, userId);
            }));
        }
        start.countDown();
        List<Buyer> buyers = new ArrayList<>();
        for (Future<Buyer> future : futures) {
            buyers.add(future.get());
        }
        pool.shutdown();

        Map<String, String> answered = new HashMap<>(); // order id -> user told 202 at the first try
        Map<String, String> foundByRetry = new HashMap<>(); // order id -> user told 5xx or nothing first, 202 on a retry
        for (Buyer buyer : buyers) {
            assertThat(buyer.last()).as("every buyer ends with a decision").isNotNull();
            assertThat(buyer.last().statusCode()).as(buyer.last().body()).isIn(202, 409);
            if (buyer.last().statusCode() == 409) {
                // ALREADY_PURCHASED or LIMIT_EXCEEDED here would be a buyer holding an order nobody told them of
                assertProblem(buyer.last(), "SOLD_OUT");
            } else {
                (buyer.firstUndecided() ? foundByRetry : answered).put(jsonString(buyer.last().body(), "orderId"), buyer.userId());
            }
        }
        long firstUndecided = buyers.stream().filter(Buyer::firstUndecided).count();
        assertThat(firstUndecided).as("buyers whose first order request ran past the gateway's time limit").isPositive();
        assertThat(buyers).as("order-service answered some itself, for the gateway's deadline, before the gateway gave up")
                .anySatisfy(b -> assertThat(b.first()).isNotNull()
                        .satisfies(first -> assertThat(first.body()).contains("retry with the same Idempotency-Key")));

        // Drained and settled: nothing pending, every unit in an order or back on sale.
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            HttpResponse<String> stock = send(get("/api/admin/activities/" + activityId + "/stock").header("Authorization", admin));
            assertThat(stock.body()).contains("\"pending\":0", "\"consistent\":true");
        });
        Map<String, String> told = new HashMap<>(answered);
        told.putAll(foundByRetry);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(buyersOfOrdersInMySql(activityId)).as("every order in MySQL (order id -> buyer) was answered 202 to "
                        + "its buyer, the first time or on a retry with the same key, and every order answered is there")
                        .containsExactlyInAnyOrderEntriesOf(told));
        assertThat(new HashSet<>(told.values())).as("one order per buyer").hasSize(told.size());
        System.out.printf("past the gateway's %d ms: %d buyers, %d answered 5xx or nothing at first, %d orders: %d answered 202 at once, "
                        + "%d found by a retry%n", ORDER_ROUTE_LIMIT.toMillis(), BUYERS, firstUndecided, told.size(), answered.size(),
                foundByRetry.size());
    }

    /**
     * One order with a fresh Idempotency-Key, asked again with the same key after a 5xx or no answer,
     * with a short pause, until decided (or two minutes, a guard against a hang).
     */
    private static Buyer buyAsTheAppsDo(String activityId, String userId) throws Exception {
        String bearer = "Bearer " + TestJwts.shopper(JWT_SECRET, userId);
        String key = UUID.randomUUID().toString();
        HttpResponse<String> first = order(activityId, bearer, key);
        HttpResponse<String> last = first;
        long giveUp = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (undecided(last) && System.nanoTime() < giveUp) {
            Thread.sleep(200 + ThreadLocalRandom.current().nextInt(300));
            last = order(activityId, bearer, key);
        }
        return new Buyer(userId, first, last);
    }

    private static boolean undecided(HttpResponse<String> answer) {
        return answer == null || answer.statusCode() >= 500;
    }

    /** The answer, or null when none came (a dropped connection). */
    private static HttpResponse<String> order(String activityId, String bearer, String key) throws Exception {
        try {
            return send(post("/api/activities/" + activityId + "/orders", "{\"quantity\":1}")
                    .header("Authorization", bearer).header("Idempotency-Key", key));
        } catch (IOException e) {
            return null;
        }
    }

    private static Map<String, String> buyersOfOrdersInMySql(String activityId) throws SQLException {
        Map<String, String> buyers = new HashMap<>();
        try (Connection c = connect(ORDER_DB); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT order_id, user_id FROM orders WHERE activity_id = " + activityId)) {
            while (rs.next()) {
                buyers.put(Long.toString(rs.getLong(1)), rs.getString(2));
            }
        }
        return buyers;
    }

    /** A sale that is on, once inventory-service has loaded its stock. */
    private static String createLoadedSale(String admin, int totalStock) throws Exception {
        // The stock key (seckill:stock:{id}) carries no schema, and other suites and tests share this
        // Redis: ids far from theirs.
        try (Connection c = connect(PRODUCT_DB); Statement s = c.createStatement()) {
            s.executeUpdate("ALTER TABLE activities AUTO_INCREMENT = " + ThreadLocalRandom.current().nextLong(4_000_000_000L, 5_000_000_000L));
        }
        HttpResponse<String> product = send(post("/api/admin/products",
                "{\"name\":\"E2E deadline console\",\"description\":\"end-to-end\",\"priceCents\":49900}").header("Authorization", admin));
        assertThat(product.statusCode()).as(product.body()).isEqualTo(201);
        Instant now = Instant.now();
        HttpResponse<String> created = send(post("/api/admin/activities", "{\"productId\":\"" + jsonString(product.body(), "id")
                + "\",\"title\":\"E2E deadline sale\",\"seckillPriceCents\":19900,\"totalStock\":" + totalStock
                + ",\"limitPerUser\":1,\"startAt\":\"" + now.minusSeconds(60) + "\",\"endAt\":\"" + now.plusSeconds(300) + "\"}")
                .header("Authorization", admin));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String activityId = jsonString(created.body(), "id");
        await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(500))
                .until(() -> Integer.toString(totalStock).equals(redisGet("seckill:stock:{" + activityId + "}")));
        return activityId;
    }

    private static String login(String username, String password) throws Exception {
        HttpResponse<String> response = send(post("/api/auth/login",
                "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}"));
        assertThat(response.statusCode()).as("login of " + username).isEqualTo(200);
        return jsonString(response.body(), "accessToken");
    }

    private static String jsonString(String json, String field) {
        Matcher value = Pattern.compile("\"" + field + "\":\"([^\"]*)\"").matcher(json);
        assertThat(value.find()).as(field + " in " + json).isTrue();
        return value.group(1);
    }

    private static void assertProblem(HttpResponse<String> response, String code) {
        assertThat(response.headers().firstValue("Content-Type")).as(response.uri() + " content type")
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(response.body()).as(response.uri().toString()).contains("\"code\":\"" + code + "\"");
    }

    /** GET over RESP on the suite's Redis; null for a nil reply. */
    private static String redisGet(String key) throws Exception {
        URI url = URI.create(servers.redisUrl());
        try (Socket socket = new Socket(url.getHost(), url.getPort() == -1 ? 6379 : url.getPort())) {
            socket.setSoTimeout(5_000);
            String command = "*2\r\n$3\r\nGET\r\n$" + key.getBytes(StandardCharsets.UTF_8).length + "\r\n" + key + "\r\n";
            socket.getOutputStream().write(command.getBytes(StandardCharsets.UTF_8));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String line = in.readLine();
            assertThat(line).as("Redis reply to GET").startsWith("$");
            return line.equals("$-1") ? null : in.readLine();
        }
    }

    // Only a guard against a hang: the gateway answers an order within half a second here.
    private static HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create(gateway + path)).timeout(Duration.ofSeconds(30));
    }

    private static HttpRequest.Builder post(String path, String json) {
        return get(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Connection connect(String schema) throws SQLException {
        return DriverManager.getConnection(servers.mysqlUrl() + "/" + schema, servers.mysqlUser(), servers.mysqlPassword());
    }
}
