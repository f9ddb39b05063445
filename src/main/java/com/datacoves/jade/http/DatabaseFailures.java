package com.datacoves.jade.http;

import com.datacoves.jade.common.UpstreamUnavailableException;
import com.datacoves.jade.database.ConnectionFailures;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Database errors that escape a request: when the cause is the connection — the database restarting, unreachable, or
 * the pool unable to hand out a connection in time ({@link ConnectionFailures}) — the answer is 503 with
 * {@code Retry-After} (through {@link ErrorResponses}), because retrying a moment later works; any other database
 * error stays a 500. Reads have already been retried once on a fresh connection by then
 * ({@code database.ReadRetry}; docs/hardening.md, "Database restarts"). Registered as the exception handler of
 * Jdbi's exception type, the one data-access library.
 */
public final class DatabaseFailures {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseFailures.class);

    private DatabaseFailures() {
    }

    /** The answer to a database error: 503 for a connection failure, else a logged 500. */
    static HttpResponse<Map<String, Object>> answer(ErrorResponses errors, HttpRequest<?> request, RuntimeException e) {
        if (ConnectionFailures.isConnectionFailure(e)) {
            return errors.handle(request, new UpstreamUnavailableException(
                    "A database Jade relies on cannot be reached right now. Please retry shortly.",
                    "database connection failure: " + e.getMessage(), e));
        }
        LOG.error("{} {} failed with a database error", request.getMethodName(), request.getPath(), e);
        return HttpResponse.<Map<String, Object>>status(HttpStatus.INTERNAL_SERVER_ERROR)
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(ErrorBodies.body(request, HttpStatus.INTERNAL_SERVER_ERROR, null));
    }

    /** The handler of one data-access library's exception type. */
    abstract static class Handler<E extends RuntimeException>
            implements ExceptionHandler<E, HttpResponse<Map<String, Object>>> {

        private final ErrorResponses errors;

        Handler(ErrorResponses errors) {
            this.errors = errors;
        }

        @Override
        public HttpResponse<Map<String, Object>> handle(HttpRequest request, E exception) {
            return answer(errors, request, exception);
        }
    }

    /** Jdbi's errors (Jade's, Datacoves' and Airflow's databases). */
    @Singleton
    public static class JdbiFailures extends Handler<JdbiException> {
        /** Answers through the one error mapper. */
        public JdbiFailures(ErrorResponses errors) {
            super(errors);
        }
    }
}
