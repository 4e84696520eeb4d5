package com.seckill.common.error;

import java.util.Locale;

/**
 * A machine code of the public contract, as problem+json carries it: clients branch on {@code code}
 * (and the {@code type} URN made from it), never on {@code title} or {@code detail}, so a code never
 * changes meaning once published. The codes every service may answer are {@link ErrorCode}; each service
 * declares its own business refusals (order-service's {@code PurchaseRefusal}, product-service's
 * {@code AccountRefusal}, ...) beside the code that raises them.
 */
public interface ProblemCode {

    /** The code itself, e.g. SOLD_OUT: an enum constant's name. */
    String name();

    int status();

    String title();

    /** Whether the same request may succeed later: such answers carry Retry-After. */
    default boolean retryable() {
        return false;
    }

    /** A URI that names the problem type (RFC 9457 {@code type}); stable like the code itself. */
    default String typeUri() {
        return "urn:seckill:problem:" + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
