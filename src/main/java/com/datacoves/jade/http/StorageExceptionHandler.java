package com.datacoves.jade.http;

import com.datacoves.jade.storage.StorageException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * A failing object store is a 503 for the client (retry later), with a message that names no secret; the cause is
 * logged for operators.
 */
@Singleton
public class StorageExceptionHandler implements ExceptionHandler<StorageException, HttpResponse<Map<String, Object>>> {

    private static final Logger LOG = LoggerFactory.getLogger(StorageExceptionHandler.class);

    @Override
    public HttpResponse<Map<String, Object>> handle(HttpRequest request, StorageException exception) {
        LOG.warn("storage failed on {} {}: {}", request.getMethodName(), request.getPath(), exception.getMessage());
        return HttpResponse.<Map<String, Object>>status(HttpStatus.SERVICE_UNAVAILABLE)
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(ErrorBodies.body(request, HttpStatus.SERVICE_UNAVAILABLE,
                        "Storage is unavailable, nothing was changed; try again later."));
    }
}
