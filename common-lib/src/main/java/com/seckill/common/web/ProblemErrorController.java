package com.seckill.common.web;

import com.seckill.common.error.ErrorCode;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors that never reach a controller (a filter's sendError, a container-level refusal) are sent
 * to the error path; answer them with the same problem+json as everything else instead of Boot's
 * default error body. A direct call to the error path is a request for a resource that does not exist.
 */
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        ErrorCode code = status instanceof Integer value ? ErrorCode.forStatus(value) : ErrorCode.NOT_FOUND;
        int httpStatus = status instanceof Integer value ? value : code.status();
        ProblemDetail problem = Problems.of(code, code.title());
        problem.setStatus(httpStatus);
        return ResponseEntity.status(httpStatus).body(problem);
    }
}
