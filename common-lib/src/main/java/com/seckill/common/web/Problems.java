package com.seckill.common.web;

import com.seckill.common.error.ProblemCode;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

import java.net.URI;

/** Builds the one problem+json shape of the suite: RFC 9457 fields plus the stable {@code code}. */
public final class Problems {

    private Problems() {
    }

    public static ProblemDetail of(ProblemCode code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(code.status()), detail);
        problem.setType(URI.create(code.typeUri()));
        problem.setTitle(code.title());
        problem.setProperty("code", code.name());
        return problem;
    }
}
