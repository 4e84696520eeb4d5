package com.seckill.common.error;

/** A business refusal that the caller can act on; becomes a problem+json answer with its code. */
public class SeckillException extends RuntimeException {

    private final ErrorCode code;

    public SeckillException(ErrorCode code, String detail) {
        super(detail);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public static SeckillException notFound(String what, Object id) {
        return new SeckillException(ErrorCode.NOT_FOUND, what + " " + id + " does not exist");
    }
}
