package com.datacoves.jade.http;

import com.datacoves.jade.common.BusyException;
import com.datacoves.jade.common.ConflictException;
import com.datacoves.jade.common.ForbiddenException;
import com.datacoves.jade.common.InvalidInputException;
import com.datacoves.jade.common.JadeException;
import com.datacoves.jade.common.NotFoundException;
import com.datacoves.jade.common.PayloadTooLargeException;
import com.datacoves.jade.common.RequestTimeoutException;
import com.datacoves.jade.common.UnauthorizedException;
import com.datacoves.jade.common.UnprocessableException;
import com.datacoves.jade.common.UpstreamFailedException;
import com.datacoves.jade.common.UpstreamUnavailableException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * The one place where domain exceptions become HTTP answers (docs/architecture.md, "Layers"): each kind of
 * {@link JadeException} has its status, and the body takes the route family's error shape ({@link ErrorBodies}).
 * Upstream failures (502, 503) are logged with their detail for operators; 503 answers carry {@code Retry-After}.
 */
@Singleton
public class ErrorResponses implements ExceptionHandler<JadeException, HttpResponse<Map<String, Object>>> {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

    /** Seconds a client should wait before retrying after a 503. */
    public static final int RETRY_AFTER_SECONDS = 5;

    /** The HTTP status of a kind of domain exception. */
    public static HttpStatus status(JadeException e) {
        if (e instanceof NotFoundException) {
            return HttpStatus.NOT_FOUND;
        } else if (e instanceof ForbiddenException) {
            return HttpStatus.FORBIDDEN;
        } else if (e instanceof UnauthorizedException) {
            return HttpStatus.UNAUTHORIZED;
        } else if (e instanceof InvalidInputException) {
            return HttpStatus.BAD_REQUEST;
        } else if (e instanceof UnprocessableException) {
            return HttpStatus.UNPROCESSABLE_ENTITY;
        } else if (e instanceof ConflictException) {
            return HttpStatus.CONFLICT;
        } else if (e instanceof PayloadTooLargeException) {
            return HttpStatus.REQUEST_ENTITY_TOO_LARGE;
        } else if (e instanceof RequestTimeoutException) {
            return HttpStatus.REQUEST_TIMEOUT;
        } else if (e instanceof UpstreamFailedException) {
            return HttpStatus.BAD_GATEWAY;
        } else if (e instanceof UpstreamUnavailableException || e instanceof BusyException) {
            return HttpStatus.SERVICE_UNAVAILABLE;
        }
        return HttpStatus.INTERNAL_SERVER_ERROR;
    }

    @Override
    public HttpResponse<Map<String, Object>> handle(HttpRequest request, JadeException exception) {
        HttpStatus status = status(exception);
        if (status.getCode() >= 500) {
            LOG.warn("{} {} answered {}: {}", request.getMethodName(), request.getPath(), status.getCode(),
                    exception.detail() != null ? exception.detail() : exception.getMessage(), exception.getCause());
        }
        MutableHttpResponse<Map<String, Object>> response = HttpResponse.<Map<String, Object>>status(status)
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(ErrorBodies.body(request, status, exception.getMessage()));
        if (status == HttpStatus.SERVICE_UNAVAILABLE) {
            response.header("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
        }
        if (status == HttpStatus.REQUEST_TIMEOUT) {
            // the rest of a too-slow body is not worth reading: the connection goes with the answer
            response.header(HttpHeaders.CONNECTION, "close");
        }
        return response;
    }
}
