package com.datacoves.jade.http;

import com.datacoves.jade.common.UpstreamUnavailableException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import java.util.Set;

/**
 * Database errors that escape a request: when the cause is the connection — the database restarting, unreachable, or
 * the pool unable to hand out a connection in time — the answer is 503 with {@code Retry-After} (through
 * {@link ErrorResponses}), because retrying a moment later works; any other database error stays a 500. Recognised:
 * SQLState class {@code 08} (connection exception), {@code 57P01}–{@code 57P03} (PostgreSQL shutting down or starting)
 * and the pool's {@link SQLTransientConnectionException}, anywhere in the cause chain of a Jdbi exception
 * (docs/hardening.md, "Database restarts"; a pooled connection found closed fails with SQLState {@code 08003}).
 * Registered as the exception handler of Jdbi's exception type, the one data-access library.
 */
public final class DatabaseFailures {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseFailures.class);
    private static final Set<String> SHUTTING_DOWN = Set.of("57P01", "57P02", "57P03");

    private DatabaseFailures() {
    }

    /** The answer to a database error: 503 for a connection failure, else a logged 500. */
    static HttpResponse<Map<String, Object>> answer(ErrorResponses errors, HttpRequest<?> request, RuntimeException e) {
        if (isConnectionFailure(e)) {
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

    /** True when a connection problem is anywhere in the cause chain. */
    static boolean isConnectionFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || SHUTTING_DOWN.contains(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }
}
