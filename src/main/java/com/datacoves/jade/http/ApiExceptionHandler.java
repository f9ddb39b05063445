package com.datacoves.jade.http;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

import java.util.Map;

/** Answers an {@link ApiException} with its status and message in the route family's error shape. */
@Singleton
public class ApiExceptionHandler implements ExceptionHandler<ApiException, HttpResponse<Map<String, Object>>> {

    @Override
    public HttpResponse<Map<String, Object>> handle(HttpRequest request, ApiException exception) {
        return HttpResponse.<Map<String, Object>>status(exception.status())
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(ErrorBodies.body(request, exception.status(), exception.getMessage()));
    }
}
