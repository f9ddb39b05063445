package com.datacoves.jade.observability;

import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.propagation.MutablePropagatedContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives every request an id: the incoming {@code X-Request-Id} when it is a plain token (letters, digits,
 * {@code . _ -}, at most 128), otherwise a new UUID. The id is put in the SLF4J MDC as {@code request_id} for
 * every log line written while the request is handled — also on the blocking executor thread that runs the
 * controller, through Micronaut's propagated context — and echoed in the response's {@code X-Request-Id} header.
 * Runs before every other filter (authentication failures carry the id too).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestIdFilter {

    /** The header read and echoed. */
    public static final String HEADER = "X-Request-Id";
    /** The MDC key (a field of every JSON log line, {@code %X{request_id}} in the text pattern). */
    public static final String MDC_KEY = "request_id";

    private static final String ATTRIBUTE = RequestIdFilter.class.getName();
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    /** Chooses the id and adds it to the request's propagated MDC. */
    @RequestFilter
    public void onRequest(HttpRequest<?> request, MutablePropagatedContext context) {
        String incoming = request.getHeaders().get(HEADER);
        String id = incoming != null && ACCEPTED.matcher(incoming).matches() ? incoming : UUID.randomUUID().toString();
        request.setAttribute(ATTRIBUTE, id);
        context.add(new RequestIdContext(id));
    }

    /** Echoes the id. */
    @ResponseFilter
    public void onResponse(HttpRequest<?> request, MutableHttpResponse<?> response) {
        request.getAttribute(ATTRIBUTE, String.class).ifPresent(id -> response.getHeaders().set(HEADER, id));
    }
}
