package com.seckill.gateway.error;

import com.seckill.common.error.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

import java.io.IOException;

/**
 * Every error the gateway itself produces (no route, no instance, a service that does not answer
 * or whose circuit is open) leaves as the suite's problem+json, never as Spring's default error page
 * or a stack trace. Runs before Boot's default handler (order -1).
 */
@Component
@Order(-2)
class ProblemJsonExceptionHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemJsonExceptionHandler.class);

    private final ProblemResponses problems;

    ProblemJsonExceptionHandler(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(error);
        }
        ErrorCode code = ErrorCode.forStatus(statusOf(error));
        if (code == ErrorCode.INTERNAL_ERROR) {
            log.error("Unhandled error on {} {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), error);
        } else if (code == ErrorCode.SERVICE_UNAVAILABLE) {
            log.warn("{} {} answered 503: {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), error.toString());
        }
        return problems.write(exchange, code, detailOf(code));
    }

    private static int statusOf(Throwable error) {
        if (error instanceof ResponseStatusException rse) {
            // The route's time limiter answers 504 and an open circuit 503: both map to SERVICE_UNAVAILABLE.
            return rse.getStatusCode().value();
        }
        // e.g. the gateway's ServiceUnavailableException (a route's breaker refused or its call failed)
        ResponseStatus declared = AnnotatedElementUtils.findMergedAnnotation(error.getClass(), ResponseStatus.class);
        if (declared != null) {
            return declared.code().value();
        }
        // A refused connection, or an instance that closed the connection mid-request (a rolling
        // restart): the service is unavailable, the gateway is not broken.
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException) {
                return HttpStatus.SERVICE_UNAVAILABLE.value();
            }
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
            case VALIDATION_FAILED -> "The request is not valid";
            case INTERNAL_ERROR -> "Something went wrong on our side";
            default -> code.title();
        };
    }
}
