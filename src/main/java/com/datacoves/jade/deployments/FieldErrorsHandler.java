package com.datacoves.jade.deployments;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.TreeMap;

/** Answers {@link FieldErrorsException} with 422 {@code {"errors":{"message":…,"fields":{…}}}}. */
@Singleton
public class FieldErrorsHandler implements ExceptionHandler<FieldErrorsException, HttpResponse<Map<String, Object>>> {

    /** The 422 response. */
    @Override
    public HttpResponse<Map<String, Object>> handle(HttpRequest request, FieldErrorsException exception) {
        Map<String, Object> errors = Map.of("message", exception.getMessage(), "fields", new TreeMap<>(exception.fields()));
        return HttpResponse.<Map<String, Object>>status(HttpStatus.UNPROCESSABLE_ENTITY)
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(Map.of("errors", errors));
    }
}
