package com.seckill.gateway.error;

import com.seckill.common.error.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import java.net.ConnectException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Every error the gateway itself produces (no route, no instance, a service that does not answer)
 * leaves as the suite's problem+json, never as Spring's default error page or a stack trace.
 * Runs before Boot's default handler (order -1).
 */
@Component
@Order(-2)
class ProblemJsonExceptionHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemJsonExceptionHandler.class);
    private static final String RETRY_AFTER_SECONDS = "1";

    private final JsonMapper json;

    ProblemJsonExceptionHandler(JsonMapper json) {
        this.json = json;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(error);
        }
        int status = statusOf(error);
        ErrorCode code = ErrorCode.forStatus(status);
        if (status >= 500 && code != ErrorCode.SERVICE_UNAVAILABLE) {
            log.error("Unhandled error on {} {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), error);
        }
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", code.typeUri());
        problem.put("title", code.title());
        problem.put("status", status);
        problem.put("detail", detailOf(code));
        problem.put("instance", exchange.getRequest().getPath().value());
        problem.put("code", code.name());

        response.setStatusCode(HttpStatus.valueOf(status));
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (code == ErrorCode.SERVICE_UNAVAILABLE) {
            response.getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        DataBuffer body = response.bufferFactory().wrap(json.writeValueAsBytes(problem));
        return response.writeWith(Mono.just(body));
    }

    private static int statusOf(Throwable error) {
        if (error instanceof ResponseStatusException rse) {
            return rse.getStatusCode().value();
        }
        // A registered instance that stopped answering: the service is down, not the gateway broken.
        if (error instanceof ConnectException || error instanceof TimeoutException
                || error.getCause() instanceof ConnectException) {
            return HttpStatus.SERVICE_UNAVAILABLE.value();
        }
        return HttpStatus.INTERNAL_SERVER_ERROR.value();
    }

    // Framework messages can name classes and hosts: the client gets a fixed sentence per code.
    private static String detailOf(ErrorCode code) {
        return switch (code) {
            case NOT_FOUND -> "No resource at this path";
            case SERVICE_UNAVAILABLE -> "The service behind this path is unavailable; retry shortly";
            case METHOD_NOT_ALLOWED -> "This method is not allowed on this path";
            case PAYLOAD_TOO_LARGE -> "The request body is too large";
            case UNSUPPORTED_MEDIA_TYPE -> "This content type is not supported here";
            case INTERNAL_ERROR -> "Something went wrong on our side";
            default -> code.title();
        };
    }
}
