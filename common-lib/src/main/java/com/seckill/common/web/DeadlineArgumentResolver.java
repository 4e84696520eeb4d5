package com.seckill.common.web;

import com.seckill.common.error.ErrorCode;
import com.seckill.common.error.SeckillException;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Resolves {@link Deadline} parameters from the gateway's {@code Seckill-Deadline} header. */
class DeadlineArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Deadline.class;
    }

    @Override
    public Deadline resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
                                    NativeWebRequest request, WebDataBinderFactory binderFactory) {
        try {
            return Deadline.parse(request.getHeader(Deadline.HEADER));
        } catch (IllegalArgumentException e) {
            // Only the gateway writes it, so this is a bug between the two: loud, not quietly "no deadline".
            throw new SeckillException(ErrorCode.VALIDATION_FAILED, e.getMessage());
        }
    }
}
