package com.seckill.common.error;

/** A business refusal that the caller can act on; becomes a problem+json answer with its code. */
public class SeckillException extends RuntimeException {

    private final ProblemCode code;

    public SeckillException(ProblemCode code, String detail) {
        // No stack trace: a refusal is an answer, not a fault, and the crowd after a sale's last unit
        // is refused thousands of times a second; filling a ~100-frame trace each time is measurable.
        super(detail, null, false, false);
        this.code = code;
    }

    public ProblemCode code() {
        return code;
    }

    public static SeckillException notFound(String what, Object id) {
        return new SeckillException(ErrorCode.NOT_FOUND, what + " " + id + " does not exist");
    }
}
