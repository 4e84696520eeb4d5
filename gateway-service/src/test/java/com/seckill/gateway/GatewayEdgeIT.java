package com.seckill.gateway;

import com.seckill.common.web.Deadline;
import com.seckill.testsupport.TestServers;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's edge on real Redis (rate limits), with stand-ins for product-service and
 * order-service found through Spring Cloud's simple discovery client (the same lb:// resolution as
 * with Eureka). inventory-service has no instance at all. The end-to-end test in e2e-tests runs
 * against the real services registered in Eureka.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayEdgeIT {

    private static final Duration ORDER_ROUTE_LIMIT = Duration.ofMillis(2_000);
    private static final Map<String, String> lastRequest = new ConcurrentHashMap<>();
    private static final AtomicInteger stubCalls = new AtomicInteger();
    private static final Map<String, String> warmUpIdentities = new ConcurrentHashMap<>(); // X-User-Id -> X-User-Roles
    private static final HttpServer stub = startStub();

    @Value("${local.server.port}")
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        TestServers.register(registry);
        registry.add("SECKILL_JWT_SECRET", () -> TestTokens.SECRET);
        registry.add("SECKILL_RATE_LIMIT_USER_PER_SECOND", () -> "1");
        registry.add("SECKILL_RATE_LIMIT_USER_BURST", () -> "5");
        registry.add("SECKILL_RATE_LIMIT_AUTH_PER_SECOND", () -> "1");
        registry.add("SECKILL_RATE_LIMIT_AUTH_BURST", () -> "3");
        registry.add("SECKILL_GATEWAY_TIMEOUT", () -> "1s");
        // Another limit than the other routes', so a deadline told from the wrong one shows.
        registry.add("SECKILL_GATEWAY_ORDER_TIMEOUT", () -> ORDER_ROUTE_LIMIT.toMillis() + "ms");
        String stubUri = "http://127.0.0.1:" + stub.getAddress().getPort();
        registry.add("spring.cloud.discovery.client.simple.instances.product-service[0].uri", () -> stubUri);
        registry.add("spring.cloud.discovery.client.simple.instances.order-service[0].uri", () -> stubUri);
    }

    @AfterAll
    static void stopStub() {
        stub.stop(0);
    }

    @BeforeEach
    void forgetLastRequest() {
        lastRequest.clear();
    }

    /** The context is ready before the first test: the warm-up ran before that, through the order route. */
    @Test
    void beforeItReportedReadyTheGatewayWarmedItsOrderRouteAsShoppersWithTokensItMinted() {
        assertThat(warmUpIdentities).as("warm-up token requests that reached order-service").isNotEmpty()
                .allSatisfy((user, roles) -> {
                    assertThat(user).startsWith("warm-up-");
                    assertThat(roles).isEqualTo("USER");
                });
    }

    @Test
    void catalogReadsNeedNoToken() throws Exception {
        HttpResponse<String> response = send(get("/api/activities"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(lastRequest).containsEntry("path", "/api/activities");
    }

    @Test
    void anonymousCallsCarryNoIdentityEvenIfTheClientSendsOne() throws Exception {
        send(get("/api/products").header("X-User-Id", "someone-else").header("X-User-Roles", "ADMIN"));

        assertThat(lastRequest).containsEntry("path", "/api/products").doesNotContainKeys("x-user-id", "x-user-roles");
    }

    @Test
    void theGatewaySetsIdentityFromTheTokenOverAClientSentHeader() throws Exception {
        HttpResponse<String> response = send(get("/api/orders/1")
                .header("Authorization", "Bearer " + TestTokens.user("1001"))
                .header("X-User-Id", "1002"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(lastRequest).containsEntry("x-user-id", "1001").containsEntry("x-user-roles", "USER");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"missing", "forged", "expired", "wrong-issuer", "garbage", "unsigned"})
    void badTokensAre401(String kind) throws Exception {
        String token = switch (kind) {
            case "forged" -> TestTokens.mint("1001", List.of("USER"), "seckill", Duration.ofMinutes(5), "another-secret-that-is-32-bytes-long!!");
            case "expired" -> TestTokens.mint("1001", List.of("USER"), "seckill", Duration.ofMinutes(-5), TestTokens.SECRET);
            case "wrong-issuer" -> TestTokens.mint("1001", List.of("USER"), "someone-else", Duration.ofMinutes(5), TestTokens.SECRET);
            case "garbage" -> "not.a.jwt";
            // alg "none": the header and payload of a valid token with the signature dropped
            case "unsigned" -> "eyJhbGciOiJub25lIn0." + TestTokens.user("1001").split("\\.")[1] + ".";
            default -> null;
        };
        HttpRequest.Builder request = get("/api/orders/1");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }

        HttpResponse<String> response = send(request);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertProblem(response, "UNAUTHORIZED");
        assertThat(lastRequest).as("nothing reaches the service").isEmpty();
    }

    @Test
    void userTokenOnAdminPathIs403() throws Exception {
        HttpResponse<String> response = send(post("/api/admin/products", "{}").header("Authorization", "Bearer " + TestTokens.user("1001")));

        assertThat(response.statusCode()).isEqualTo(403);
        assertProblem(response, "FORBIDDEN");
        assertThat(lastRequest).isEmpty();
    }

    @Test
    void adminTokenReachesAdminPath() throws Exception {
        HttpResponse<String> response = send(post("/api/admin/products", "{}").header("Authorization", "Bearer " + TestTokens.admin("1")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(lastRequest).containsEntry("path", "/api/admin/products").containsEntry("x-user-roles", "USER,ADMIN");
    }

    @Test
    void unknownPathIsProblemJson404() throws Exception {
        HttpResponse<String> anonymous = send(get("/no-such-thing"));
        HttpResponse<String> withToken = send(get("/api/no-such-thing").header("Authorization", "Bearer " + TestTokens.user("1001")));

        for (HttpResponse<String> response : List.of(anonymous, withToken)) {
            assertThat(response.statusCode()).isEqualTo(404);
            assertProblem(response, "NOT_FOUND");
        }
    }

    @Test
    void serviceWithNoInstanceIs503WithRetryAfter() throws Exception {
        HttpResponse<String> response = send(get("/api/admin/activities/1/stock").header("Authorization", "Bearer " + TestTokens.admin("1")));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertProblem(response, "SERVICE_UNAVAILABLE");
        assertThat(response.body()).doesNotContain("inventory-service");
    }

    @Test
    void aBurstFromOneUserPastItsLimitIs429WithRetryAfter() throws Exception {
        String token = TestTokens.user("burst-" + UUID.randomUUID());
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            responses.add(send(get("/api/orders").header("Authorization", "Bearer " + token)));
        }

        List<HttpResponse<String>> limited = responses.stream().filter(r -> r.statusCode() == 429).toList();
        assertThat(responses).filteredOn(r -> r.statusCode() == 200).hasSizeBetween(5, 6);
        assertThat(limited).isNotEmpty();
        assertThat(limited.get(0).headers().firstValue("Retry-After")).hasValue("1");
        assertProblem(limited.get(0), "RATE_LIMITED");

        HttpResponse<String> otherUser = send(get("/api/orders").header("Authorization", "Bearer " + TestTokens.user("other-" + UUID.randomUUID())));
        assertThat(otherUser.statusCode()).as("another user has a bucket of their own").isEqualTo(200);
    }

    @Test
    void oversizedBodyIs413AndNeverForwarded() throws Exception {
        int before = stubCalls.get();
        HttpResponse<String> response = send(post("/api/auth/login", "{\"username\":\"" + "x".repeat(20_000) + "\"}"));

        assertThat(response.statusCode()).isEqualTo(413);
        assertProblem(response, "PAYLOAD_TOO_LARGE");
        assertThat(stubCalls.get()).isEqualTo(before);
    }

    @Test
    void aStreamedOversizedBodyIs413AndNoPartReachesTheService() throws Exception {
        int before = stubCalls.get();
        byte[] big = ("{\"username\":\"" + "x".repeat(40_000) + "\"}").getBytes(StandardCharsets.UTF_8);

        // ofInputStream has no known length: the client sends it chunked, without Content-Length
        HttpResponse<String> response = send(get("/api/products").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))));

        assertThat(response.statusCode()).isEqualTo(413);
        assertProblem(response, "PAYLOAD_TOO_LARGE");
        assertThat(stubCalls.get()).isEqualTo(before);
        assertThat(send(get("/api/products")).statusCode()).as("the route stays healthy").isEqualTo(200);
    }

    @Test
    void aSmallStreamedBodyIsForwardedWhole() throws Exception {
        byte[] small = "{\"name\":\"ok\"}".getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = send(post("/api/admin/products", "").header("Authorization", "Bearer " + TestTokens.admin("1"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(small))));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(lastRequest).containsEntry("body", "{\"name\":\"ok\"}").containsEntry("content-length", Integer.toString(small.length));
    }

    @Test
    void aServiceSlowerThanTheTimeoutIs503InsteadOfAHang() throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> response = send(get("/api/products/slow"));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertProblem(response, "SERVICE_UNAVAILABLE");
        assertThat(took).as("the 1 s time limiter answers, not the 4 s service").isLessThan(Duration.ofMillis(3_000));
    }

    @Test
    void theOrderRouteTellsTheServiceItsDeadlineFromItsOwnTimeLimitOverTheClients() throws Exception {
        long before = System.currentTimeMillis();
        HttpResponse<String> response = send(post("/api/activities/1/orders", "{\"quantity\":1}")
                .header("Authorization", "Bearer " + TestTokens.user("deadline-" + UUID.randomUUID()))
                .header(Deadline.HEADER, "1"));
        long after = System.currentTimeMillis();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(lastRequest).containsKey("seckill-deadline");
        assertThat(Long.parseLong(lastRequest.get("seckill-deadline")))
                .as("the order route's own limit from when it forwarded, not the client's value nor the other routes' limit")
                .isBetween(before + ORDER_ROUTE_LIMIT.toMillis(), after + ORDER_ROUTE_LIMIT.toMillis());
    }

    @Test
    void aClientSentDeadlineNeverReachesAServiceOfARouteWithoutOne() throws Exception {
        HttpResponse<String> response = send(get("/api/products").header(Deadline.HEADER, Long.toString(Long.MAX_VALUE)));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(lastRequest).containsEntry("path", "/api/products").doesNotContainKey("seckill-deadline");
    }

    @Test
    void theOrderRouteGivesUpWhenItToldTheServiceItWould() throws Exception {
        long started = System.currentTimeMillis();
        HttpResponse<String> response = send(get("/api/orders/slow")
                .header("Authorization", "Bearer " + TestTokens.user("slow-" + UUID.randomUUID())));
        long answered = System.currentTimeMillis();

        assertThat(response.statusCode()).isEqualTo(503);
        assertProblem(response, "SERVICE_UNAVAILABLE");
        long told = Long.parseLong(lastRequest.get("seckill-deadline"));
        assertThat(told).isGreaterThanOrEqualTo(started + ORDER_ROUTE_LIMIT.toMillis());
        assertThat(answered - told).as("the 503 came at the deadline the service was told, not before, not much after")
                .isBetween(0L, 700L);
    }

    @Test
    void aForgedForwardedForDoesNotBuyAFreshBucketOnLogin() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            statuses.add(send(post("/api/auth/login", "{}").header("X-Forwarded-For", "203.0.113." + i)).statusCode());
        }

        assertThat(statuses).as("one client IP, however it labels itself").contains(429);
    }

    /**
     * A keep-alive client whose next request reaches the gateway while the previous exchange is still
     * finishing, and which the gateway then answers at once (a 404 here; a 401 or a rate-limit refusal from
     * memory alike), must still be read afterwards. Reactor Netty 1.3.6 buffered such a request, answered it
     * during the drain and never asked the socket for more: the connection's next request waited forever
     * (reactor/reactor-netty#4361). Pipelining the two requests in one write makes that order certain.
     */
    @Test
    void aKeepAliveConnectionIsStillReadAfterAPipelinedRequestAnsweredAtOnce() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            // The first goes through the rate limiter's Redis call and the stand-in, so it is in flight
            // when the second, which needs neither, arrives behind it.
            out.write((rawGet("/api/products") + rawGet("/no-such-thing")).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(readStatus(in)).isEqualTo(200);
            assertThat(readStatus(in)).isEqualTo(404);

            out.write(rawGet("/api/products").getBytes(StandardCharsets.US_ASCII));
            out.flush();

            assertThat(readStatus(in)).as("the connection's next request is read and answered").isEqualTo(200);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/products/../../actuator/env", "/api/products/%2e%2e/%2e%2e/actuator/env",
            "/api/products/..%2f..%2factuator/env", "/api/products//actuator", "/api/products/1;jsessionid=x"})
    void pathsThatCouldEscapeTheRouteAreRefused(String path) throws Exception {
        HttpResponse<String> response = send(get(path));

        assertThat(response.statusCode()).isEqualTo(400);
        assertProblem(response, "VALIDATION_FAILED");
        assertThat(lastRequest).as("nothing reaches the service").isEmpty();
    }

    private static void assertProblem(HttpResponse<String> response, String code) {
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"code\":\"" + code + "\"", "\"status\":" + response.statusCode());
    }

    private String rawGet(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: keep-alive\r\n\r\n";
    }

    /** Reads one HTTP/1.1 response with a Content-Length from a raw connection and returns its status. */
    private static int readStatus(InputStream in) throws IOException {
        String statusLine = readLine(in);
        int contentLength = 0;
        for (String header = readLine(in); !header.isEmpty(); header = readLine(in)) {
            if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                contentLength = Integer.parseInt(header.substring("content-length:".length()).trim());
            }
        }
        in.readNBytes(contentLength);
        return Integer.parseInt(statusLine.split(" ")[1]);
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("connection closed after: " + line);
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private HttpRequest.Builder get(String path) {
        // A request the gateway never answers fails the test instead of blocking the build.
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30));
    }

    private HttpRequest.Builder post(String path, String json) {
        return get(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stands in for product-service and order-service: answers 200 and records what it received. */
    private static HttpServer startStub() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                stubCalls.incrementAndGet();
                if (exchange.getRequestURI().getPath().equals("/api/activities/0/token")) {
                    warmUpIdentities.put(String.valueOf(exchange.getRequestHeaders().getFirst("X-User-Id")),
                            String.valueOf(exchange.getRequestHeaders().getFirst("X-User-Roles")));
                }
                exchange.getRequestHeaders().forEach((name, values) -> lastRequest.put(name.toLowerCase(), values.get(0)));
                lastRequest.put("path", exchange.getRequestURI().getRawPath());
                lastRequest.put("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                if (exchange.getRequestURI().getPath().endsWith("/slow")) {
                    sleepQuietly(Duration.ofSeconds(4));
                }
                byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.setExecutor(Executors.newCachedThreadPool());
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("Could not start the service stand-in", e);
        }
    }
}
