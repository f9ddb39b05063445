package com.datacoves.jade.http;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * Replaces Micronaut's default error bodies (unknown route, wrong method, unreadable or too large body, missing
 * argument, unexpected exception) with Jade's shapes from {@link ErrorBodies}. Messages of 5xx answers never reach
 * the client.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
public class JadeErrorResponseProcessor implements ErrorResponseProcessor<Map<String, Object>> {

    @Override
    public MutableHttpResponse<Map<String, Object>> processResponse(ErrorContext errorContext,
                                                                    MutableHttpResponse<?> response) {
        HttpStatus status = response.getStatus();
        String message = status == HttpStatus.NOT_FOUND ? "Not Found"
                : errorContext.getErrors().stream().map(Error::getMessage).findFirst().orElse(status.getReason());
        if (status == HttpStatus.REQUEST_ENTITY_TOO_LARGE) {
            message = "Request Entity Too Large";
        }
        Map<String, Object> body = ErrorBodies.body(errorContext.getRequest(), status, message);
        return response.contentType(MediaType.APPLICATION_JSON_TYPE).body(body);
    }
}
