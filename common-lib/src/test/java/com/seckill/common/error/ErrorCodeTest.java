package com.seckill.common.error;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorCodeTest {

    @Test
    void frameworkStatusesMapToContractCodes() {
        assertThat(ErrorCode.forStatus(400)).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(ErrorCode.forStatus(404)).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(ErrorCode.forStatus(415)).isEqualTo(ErrorCode.UNSUPPORTED_MEDIA_TYPE);
        assertThat(ErrorCode.forStatus(503)).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
        assertThat(ErrorCode.forStatus(502)).as("a bad gateway is a dependency down").isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
        assertThat(ErrorCode.forStatus(504)).as("the gateway's time limiter answers 504").isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
        assertThat(ErrorCode.forStatus(500)).isEqualTo(ErrorCode.INTERNAL_ERROR);
    }

    @Test
    void typeUriIsStableAndReadable() {
        assertThat(ErrorCode.SERVICE_UNAVAILABLE.typeUri()).isEqualTo("urn:seckill:problem:service-unavailable");
    }

    /** A service's own refusal: the same URN from its name, not retryable unless it says so. */
    enum ShopRefusal implements ProblemCode {
        SOLD_OUT;

        @Override
        public int status() {
            return 409;
        }

        @Override
        public String title() {
            return "Sold out";
        }
    }

    @Test
    void aServicesOwnCodeGetsItsTypeFromItsName() {
        assertThat(ShopRefusal.SOLD_OUT.typeUri()).isEqualTo("urn:seckill:problem:sold-out");
        assertThat(ShopRefusal.SOLD_OUT.retryable()).isFalse();
        assertThat(ErrorCode.RATE_LIMITED.retryable()).isTrue();
    }
}
