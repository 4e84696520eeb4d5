package com.seckill.common.web;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Any servlet service that depends on common-lib answers every error as problem+json with a code. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = ProblemJsonEverywhereTest.App.class)
class ProblemJsonEverywhereTest {

    @Value("${local.server.port}")
    int port;

    @Test
    void anErrorRaisedOutsideControllersIsProblemJson() throws Exception {
        HttpResponse<String> response = get("/refused-by-filter");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"code\":\"VALIDATION_FAILED\"", "\"status\":400");
    }

    @Test
    void anUnexpectedFailureIs500WithoutInternals() throws Exception {
        HttpResponse<String> response = get("/boom");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).contains("\"code\":\"INTERNAL_ERROR\"").doesNotContain("IllegalStateException", "secret detail");
    }

    @Test
    void aStoreThatIsDownIs503WithRetryAfter() throws Exception {
        HttpResponse<String> response = get("/store-down");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(response.body()).contains("\"code\":\"SERVICE_UNAVAILABLE\"").doesNotContain("6379");
    }

    @Test
    void callerIsRequiredWhereDeclared() throws Exception {
        HttpResponse<String> anonymous = get("/me");
        HttpResponse<String> identified = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri("/me"))
                .header(Caller.USER_ID_HEADER, "42").header(Caller.ROLES_HEADER, "USER, ADMIN").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).contains("\"code\":\"UNAUTHORIZED\"");
        assertThat(identified.body()).isEqualTo("42 admin=true");
    }

    @Test
    void aDeadlineIsReadWhereDeclaredAndAMalformedOneIsRefused() throws Exception {
        HttpResponse<String> without = get("/deadline");
        HttpResponse<String> with = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri("/deadline"))
                .header(Deadline.HEADER, "1795766400123").build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> malformed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri("/deadline"))
                .header(Deadline.HEADER, "soon").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(without.body()).isEqualTo("none");
        assertThat(with.body()).isEqualTo("2026-11-27T08:00:00.123Z");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("\"code\":\"VALIDATION_FAILED\"");
    }

    @Test
    void theErrorPathItselfIsNotAResource() throws Exception {
        HttpResponse<String> response = get("/error");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("\"code\":\"NOT_FOUND\"");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    @SpringBootApplication
    @RestController
    static class App {

        @Bean
        Filter refusingFilter() {
            return (request, response, chain) -> {
                if (((HttpServletRequest) request).getRequestURI().equals("/refused-by-filter")) {
                    ((HttpServletResponse) response).sendError(400);
                    return;
                }
                chain.doFilter(request, response);
            };
        }

        @GetMapping("/boom")
        String boom() {
            throw new IllegalStateException("secret detail");
        }

        @GetMapping("/store-down")
        String storeDown() {
            throw new DataAccessResourceFailureException("Unable to connect to Redis at 127.0.0.1:6379");
        }

        @GetMapping("/me")
        String me(Caller caller) {
            return caller.userId() + " admin=" + caller.isAdmin();
        }

        @GetMapping("/deadline")
        String deadline(Deadline deadline) {
            return deadline.at() == null ? "none" : deadline.at().toString();
        }
    }
}
