package com.seckill.product.account;

import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.seckill.testsupport.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Register and login on the real MySQL; tokens checked the way the gateway checks them. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AccountApiIT {

    private static final String SECRET = "account-test-secret-of-32-bytes-or-more";

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        TestServers.register(registry);
        registry.add("SECKILL_PRODUCT_DB", () -> "seckill_product_it");
        registry.add("SECKILL_JWT_SECRET", () -> SECRET);
        registry.add("SECKILL_ADMIN_USERNAME", () -> "operator");
        registry.add("SECKILL_ADMIN_PASSWORD", () -> "operator-password-1");
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcClient jdbc;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void registerThenLoginGivesAVerifiableToken() throws Exception {
        String username = uniqueName();

        HttpResponse<String> registered = post("/api/auth/register", credentials(username, "correct horse battery"));
        assertThat(registered.statusCode()).isEqualTo(201);
        JsonNode account = json.readTree(registered.body());
        assertThat(account.get("username").asString()).isEqualTo(username);
        String userId = account.get("userId").asString();

        HttpResponse<String> login = post("/api/auth/login", credentials(username, "correct horse battery"));
        assertThat(login.statusCode()).isEqualTo(200);
        JsonNode token = json.readTree(login.body());
        assertThat(token.get("tokenType").asString()).isEqualTo("Bearer");
        assertThat(token.get("expiresIn").asLong()).isEqualTo(3600);

        SignedJWT jwt = SignedJWT.parse(token.get("accessToken").asString());
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("HS256");
        assertThat(jwt.verify(new MACVerifier(SECRET.getBytes(StandardCharsets.UTF_8)))).isTrue();
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo(userId);
        assertThat(claims.getIssuer()).isEqualTo("seckill");
        assertThat(claims.getStringListClaim("roles")).containsExactly("USER");
        assertThat(claims.getExpirationTime().toInstant()).isBetween(Instant.now().plus(Duration.ofMinutes(59)), Instant.now().plus(Duration.ofMinutes(61)));
    }

    @Test
    void passwordsAreStoredAsBcryptHashes() throws Exception {
        String username = uniqueName();
        post("/api/auth/register", credentials(username, "correct horse battery"));

        String stored = jdbc.sql("SELECT password_hash FROM accounts WHERE username = ?").param(username).query(String.class).single();
        assertThat(stored).startsWith("$2a$").doesNotContain("correct horse battery");
    }

    @Test
    void aTakenUsernameIs409EvenInOtherCase() throws Exception {
        String username = uniqueName();
        post("/api/auth/register", credentials(username, "correct horse battery"));

        HttpResponse<String> again = post("/api/auth/register", credentials(username.toUpperCase(), "another password"));

        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json.readTree(again.body()).get("code").asString()).isEqualTo("USERNAME_TAKEN");
    }

    @Test
    void wrongPasswordAndUnknownUserAreTheSame401() throws Exception {
        String username = uniqueName();
        post("/api/auth/register", credentials(username, "correct horse battery"));

        HttpResponse<String> wrongPassword = post("/api/auth/login", credentials(username, "wrong password!"));
        HttpResponse<String> unknownUser = post("/api/auth/login", credentials(uniqueName(), "correct horse battery"));

        for (HttpResponse<String> response : new HttpResponse[] {wrongPassword, unknownUser}) {
            assertThat(response.statusCode()).isEqualTo(401);
            JsonNode problem = json.readTree(response.body());
            assertThat(problem.get("code").asString()).isEqualTo("UNAUTHORIZED");
            assertThat(problem.get("detail").asString()).isEqualTo("Wrong username or password");
        }
    }

    @Test
    void theConfiguredAdministratorExistsWithTheAdminRole() throws Exception {
        HttpResponse<String> login = post("/api/auth/login", credentials("operator", "operator-password-1"));

        assertThat(login.statusCode()).isEqualTo(200);
        SignedJWT jwt = SignedJWT.parse(json.readTree(login.body()).get("accessToken").asString());
        assertThat(jwt.getJWTClaimsSet().getStringListClaim("roles")).containsExactlyInAnyOrder("USER", "ADMIN");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{}",
            "{\"username\":\"ab\",\"password\":\"long enough\"}",
            "{\"username\":\"has space\",\"password\":\"long enough\"}",
            "{\"username\":\"fine_name\",\"password\":\"short\"}",
            "{\"username\":\"fine_name\",\"password\":12345678}",
            "{\"username\":[\"a\"],\"password\":\"long enough\"}",
            "{\"username\":\"fine_name\",\"password\":\"ééééééééééééééééééééééééééééééééééééééé\"}",
            "not json",
            "{\"username\":\"fine_name\",\"password\":\"long enough\""})
    void invalidRegistrationsAre400ProblemJsonAndCreateNothing(String body) throws Exception {
        long before = accounts();

        HttpResponse<String> response = post("/api/auth/register", body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(json.readTree(response.body()).get("code").asString()).isEqualTo("VALIDATION_FAILED");
        assertThat(response.body()).doesNotContain("Exception", "com.seckill", "SQL");
        assertThat(accounts()).isEqualTo(before);
    }

    @Test
    void aNonJsonBodyIs415() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/auth/register"))
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("username=a&password=b")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(json.readTree(response.body()).get("code").asString()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
    }

    private long accounts() {
        return jdbc.sql("SELECT COUNT(*) FROM accounts").query(Long.class).single();
    }

    private static String uniqueName() {
        return "u" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }

    private static String credentials(String username, String password) {
        return "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}";
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
