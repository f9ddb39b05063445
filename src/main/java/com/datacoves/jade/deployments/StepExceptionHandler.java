package com.datacoves.jade.deployments;

import com.datacoves.jade.http.ErrorBodies;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

import java.util.Map;

/** Answers a {@link StepException} with 502 (409 for a conflict) and the step's message. */
@Singleton
public class StepExceptionHandler implements ExceptionHandler<StepException, HttpResponse<Map<String, Object>>> {

    /** The error response. */
    @Override
    public HttpResponse<Map<String, Object>> handle(HttpRequest request, StepException exception) {
        HttpStatus status = exception.conflict() ? HttpStatus.CONFLICT : HttpStatus.BAD_GATEWAY;
        return HttpResponse.<Map<String, Object>>status(status)
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(ErrorBodies.body(request, status, exception.getMessage()));
    }
}
