package com.seckill.common.web;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When the caller stops waiting for this request: the instant the gateway gives up on it (its route's
 * time limit, counted from when it forwarded the request), in header {@code Seckill-Deadline} as epoch
 * milliseconds. Only the gateway sets it; a client-sent one is removed at the edge. Declare it as a
 * controller parameter; a request without the header (a call between services, a test) has no deadline.
 * <p>
 * An instant rather than a remaining budget: the time a request spends queued on its way into the
 * service (the accept backlog, a busy server's worker queue) happens before any code of the service can
 * note an arrival time, and that wait is the one that matters under overload. The price is that the
 * gateway's and the service's clocks must agree (NTP keeps machines within milliseconds; a service reads
 * the deadline with a margin). A service whose clock runs ahead refuses work early; one that runs behind
 * answers after the gateway gave up, which its callers survive as any time-out.
 */
public record Deadline(Instant at) {

    public static final String HEADER = "Seckill-Deadline";

    private static final Deadline NONE = new Deadline(null);

    public static Deadline none() {
        return NONE;
    }

    public static Deadline after(Instant now, Duration wait) {
        return new Deadline(now.plus(wait));
    }

    /** The header's value as the gateway sends it; null (no header) is no deadline. */
    public static Deadline parse(String headerValue) {
        if (headerValue == null) {
            return NONE;
        }
        try {
            return new Deadline(Instant.ofEpochMilli(Long.parseLong(headerValue.trim())));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(HEADER + " must be epoch milliseconds", e);
        }
    }

    public String headerValue() {
        return Long.toString(at.toEpochMilli());
    }

    /** How long the caller still waits at {@code now} (negative once it has given up); empty without a deadline. */
    public Optional<Duration> remainingAt(Instant now) {
        return at == null ? Optional.empty() : Optional.of(Duration.between(now, at));
    }
}
