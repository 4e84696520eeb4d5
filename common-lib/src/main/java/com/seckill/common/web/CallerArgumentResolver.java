package com.seckill.common.web;

import com.seckill.common.error.ErrorCode;
import com.seckill.common.error.SeckillException;
import org.springframework.core.MethodParameter;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** Resolves {@link Caller} parameters from the gateway's identity headers. */
class CallerArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Caller.class;
    }

    @Override
    public Caller resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
                                  NativeWebRequest request, WebDataBinderFactory binderFactory) {
        String userId = request.getHeader(Caller.USER_ID_HEADER);
        if (!StringUtils.hasText(userId)) {
            throw new SeckillException(ErrorCode.UNAUTHORIZED, "A valid bearer token is required");
        }
        String roles = request.getHeader(Caller.ROLES_HEADER);
        Set<String> roleSet = roles == null ? Set.of() : Arrays.stream(roles.split(","))
                .map(String::trim).filter(StringUtils::hasText).collect(Collectors.toUnmodifiableSet());
        return new Caller(userId, roleSet);
    }
}
