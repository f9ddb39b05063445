package com.datacoves.jade.http;

import com.datacoves.jade.common.InvalidInputException;
import com.datacoves.jade.common.TextInput;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.core.annotation.Order;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Applies {@link TextInput}'s rule to the path and every query parameter before anything else reads them (the
 * authentication filter looks slugs up, controllers query the database): a NUL character anywhere — path segment,
 * parameter name or value — is a 400 in the route family's error shape, never a database error. Query values are
 * bounded at {@value #MAX_QUERY_VALUE} characters (Netty already bounds the whole request line).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class TextInputFilter {

    /** Longest query parameter value accepted, in characters. */
    public static final int MAX_QUERY_VALUE = 16_384;

    /** Checks the request; an error publisher carries the 400. */
    @RequestFilter
    public Publisher<HttpRequest<?>> check(HttpRequest<?> request) {
        try {
            String rawPath = request.getUri().getRawPath();
            TextInput.check("the request path", URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8),
                    Integer.MAX_VALUE);
            for (Map.Entry<String, List<String>> p : request.getParameters()) {
                TextInput.check("a query parameter name", p.getKey(), MAX_QUERY_VALUE);
                for (String value : p.getValue()) {
                    TextInput.check(p.getKey(), value, MAX_QUERY_VALUE);
                }
            }
        } catch (InvalidInputException e) {
            return Mono.error(e);
        } catch (IllegalArgumentException e) {
            return Mono.error(new InvalidInputException("the request path is not valid percent-encoding"));
        }
        return Mono.just(request);
    }
}
