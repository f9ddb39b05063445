package com.datacoves.jade.http;

import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * The dbt Cloud response envelope (dbt Cloud API v2 spec, {@code ResponseStatus} and {@code *Enveloped}).
 *
 * @param status outcome of the request
 * @param data   the object or list
 * @param extra  for lists only: filters, ordering and pagination; null otherwise (then omitted)
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record Envelope(Status status, Object data, @io.micronaut.core.annotation.Nullable
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        Extra extra) {

    /** A single object, {@code 200 Success!}. */
    public static Envelope of(Object data) {
        return new Envelope(Status.OK, data, null);
    }

    /** A page of a list with its {@code extra}. */
    public static Envelope list(List<?> data, Extra extra) {
        return new Envelope(Status.OK, data, extra);
    }

    /** A successful page or object whose {@code status.developer_message} carries a warning (e.g. an Airflow down). */
    public static Envelope list(Object data, Extra extra, String developerMessage) {
        return new Envelope(new Status(200, true, "Success!", developerMessage), data, extra);
    }

    /**
     * {@code status} of the envelope.
     *
     * @param code             the HTTP status code
     * @param isSuccess        true for 2xx
     * @param userMessage      {@code Success!} or the error text
     * @param developerMessage details for developers; Jade names unreachable Airflow databases here
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Status(int code, boolean isSuccess, String userMessage, String developerMessage) {
        public static final Status OK = new Status(200, true, "Success!", "");

        /** An error status carrying {@code message} as the user message. */
        public static Status error(int code, String message) {
            return new Status(code, false, message, "");
        }
    }
}
