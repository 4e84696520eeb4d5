package com.seckill.common.error;

import java.util.Locale;

/**
 * The stable machine codes of the public contract. Clients branch on {@code code}, never on
 * {@code title} or {@code detail}, so a code never changes meaning once published.
 */
public enum ErrorCode {
    VALIDATION_FAILED(400, "The request is not valid"),
    UNAUTHORIZED(401, "Authentication is required"),
    FORBIDDEN(403, "Not allowed"),
    INVALID_SECKILL_TOKEN(403, "The flash-sale token is missing, expired or not yours"),
    NOT_FOUND(404, "Not found"),
    METHOD_NOT_ALLOWED(405, "Method not allowed"),
    NOT_ACCEPTABLE(406, "Not acceptable"),
    SOLD_OUT(409, "Sold out"),
    ALREADY_PURCHASED(409, "Already purchased"),
    LIMIT_EXCEEDED(409, "Purchase limit exceeded"),
    NOT_STARTED(409, "The sale has not started"),
    ENDED(409, "The sale has ended"),
    ORDER_NOT_PAYABLE(409, "The order cannot be paid or cancelled in its current state"),
    USERNAME_TAKEN(409, "The username is taken"),
    PAYLOAD_TOO_LARGE(413, "The request body is too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    RATE_LIMITED(429, "Too many requests"),
    INTERNAL_ERROR(500, "Internal error"),
    SERVICE_UNAVAILABLE(503, "Service unavailable");

    private final int status;
    private final String title;

    ErrorCode(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** Whether the same request may succeed later: such answers carry Retry-After. */
    public boolean retryable() {
        return this == SERVICE_UNAVAILABLE || this == RATE_LIMITED;
    }

    /** A URI that names the problem type (RFC 9457 {@code type}); stable like the code itself. */
    public String typeUri() {
        return "urn:seckill:problem:" + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The code a framework error of this HTTP status maps to, when no service chose one. */
    public static ErrorCode forStatus(int status) {
        return switch (status) {
            case 400 -> VALIDATION_FAILED;
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 429 -> RATE_LIMITED;
            case 502, 503, 504 -> SERVICE_UNAVAILABLE;
            default -> status >= 500 ? INTERNAL_ERROR : VALIDATION_FAILED;
        };
    }
}
