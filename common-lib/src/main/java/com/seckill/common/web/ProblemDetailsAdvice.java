package com.seckill.common.web;

import com.seckill.common.error.ErrorCode;
import com.seckill.common.error.SeckillException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.util.stream.Collectors;

/**
 * Turns every error of a servlet service into the suite's problem+json. Framework errors keep
 * Spring's status and get a stable {@code code}; anything unexpected becomes a 500 whose body says
 * nothing about the internals (the log has the stack trace).
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    @ExceptionHandler(SeckillException.class)
    ResponseEntity<ProblemDetail> handleSeckill(SeckillException ex) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(ex.code().status());
        if (ex.code().retryable()) {
            response.header(HttpHeaders.RETRY_AFTER, "1");
        }
        return response.body(Problems.of(ex.code(), ex.getMessage()));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> handleTypeMismatch(MethodArgumentTypeMismatchException ex) {
        String detail = "Parameter '" + ex.getName() + "' has an invalid value";
        return ResponseEntity.badRequest().body(Problems.of(ErrorCode.VALIDATION_FAILED, detail));
    }

    /** MySQL or Redis unreachable or too slow: a dependency is down, not a bug (503, retry later). */
    @ExceptionHandler({DataAccessResourceFailureException.class, TransientDataAccessException.class})
    ResponseEntity<ProblemDetail> handleStoreUnavailable(DataAccessException ex) {
        log.warn("A data store did not answer: {}", ex.getMostSpecificCause().toString());
        return ResponseEntity.status(ErrorCode.SERVICE_UNAVAILABLE.status()).header(HttpHeaders.RETRY_AFTER, "1")
                .body(Problems.of(ErrorCode.SERVICE_UNAVAILABLE, "A data store is unavailable; retry shortly"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> handleUnexpected(Exception ex) {
        log.error("Unhandled error while serving a request", ex);
        return ResponseEntity.internalServerError()
                .body(Problems.of(ErrorCode.INTERNAL_ERROR, "Something went wrong on our side"));
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = Problems.of(ErrorCode.forStatus(status.value()), detailFor(ex, status));
        return super.handleExceptionInternal(ex, problem, headers, status, request);
    }

    private static String detailFor(Exception ex, HttpStatusCode status) {
        if (ex instanceof MethodArgumentNotValidException invalid) {
            return invalid.getBindingResult().getFieldErrors().stream()
                    .map(ProblemDetailsAdvice::describe)
                    .collect(Collectors.joining("; "));
        }
        if (ex instanceof HttpMessageNotReadableException) {
            // The parser's own message can echo class names and input; keep it generic.
            return "The request body is missing or is not valid JSON of the expected shape";
        }
        if (status.value() == 404) {
            return "No such resource";
        }
        return ex instanceof ErrorResponse er && er.getBody().getDetail() != null
                ? er.getBody().getDetail()
                : ErrorCode.forStatus(status.value()).title();
    }

    private static String describe(FieldError error) {
        return error.getField() + ": " + error.getDefaultMessage();
    }
}
