package com.datacoves.jade.http;

import io.micronaut.http.HttpStatus;

/**
 * An expected failure of a request, answered with {@code status} and {@code message} in the error shape of the
 * route's family (see {@link ErrorBodies}). Throw it from anywhere on the request path; never carries secrets.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;

    public ApiException(HttpStatus status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** The HTTP status to answer with. */
    public HttpStatus status() {
        return status;
    }

    /** 404 with Jade's text {@code Not Found}. */
    public static ApiException notFound() {
        return new ApiException(HttpStatus.NOT_FOUND, "Not Found");
    }

    /** 400 for a malformed value of a known parameter. */
    public static ApiException badRequest(String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, message);
    }

    /** 422 for an upload or body that cannot be processed (Jade's status for bad uploads). */
    public static ApiException unprocessable(String message) {
        return new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, message);
    }
}
