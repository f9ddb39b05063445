package com.datacoves.jade.http;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place that shapes error bodies. Every error of the service — thrown by our code, raised by the framework
 * (unknown route, bad method, unreadable body, too large) or unexpected — passes through here.
 */
public final class ErrorBodies {

    private ErrorBodies() {
    }

    /**
     * The JSON body for an error on {@code request}.
     *
     * @param status  the HTTP status answered
     * @param message a message for the client; for 5xx a generic text is used instead, so internals never leak
     * @return for dbt Cloud routes {@code {"status":{code,is_success:false,user_message,developer_message},
     * "data":null,"errors":{"message":…}}}; otherwise {@code {"errors":{"message":…}}}
     */
    public static Map<String, Object> body(HttpRequest<?> request, HttpStatus status, String message) {
        String text = status.getCode() >= 500 && status != HttpStatus.SERVICE_UNAVAILABLE && status != HttpStatus.BAD_GATEWAY
                ? "Internal Server Error" : (message == null || message.isBlank() ? status.getReason() : message);
        Map<String, Object> errors = Map.of("message", text);
        if (RouteFamily.of(request == null ? null : request.getPath()) == RouteFamily.DBT_CLOUD) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", Envelope.Status.error(status.getCode(), text));
            body.put("data", null);
            body.put("errors", errors);
            return body;
        }
        return Map.of("errors", errors);
    }
}
