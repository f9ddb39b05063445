package com.datacoves.jade.http;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;

/**
 * The scheme://host Jade puts in links of its answers (a run's {@code href}).
 *
 * <p>{@code X-Forwarded-Proto}/{@code X-Forwarded-Host} are read only when {@code jade.http.trust-forwarded-headers}
 * ({@code JADE_TRUST_FORWARDED_HEADERS}) is true — set it when Jade runs behind a proxy or ingress that sets them and
 * strips clients' own; otherwise anyone could make Jade print links to a host of their choice. Without it the
 * {@code Host} header and the connection's scheme are used. Whatever decides the base URL is part of every cache key
 * of a rendered answer (docs/hardening.md).
 */
@Singleton
public class RequestUrls {

    private final boolean trustForwarded;

    /** Reads whether forwarded headers are trusted (default false). */
    public RequestUrls(@Value("${jade.http.trust-forwarded-headers:false}") boolean trustForwarded) {
        this.trustForwarded = trustForwarded;
    }

    /** scheme://host of the request, e.g. {@code https://dbt-api.example.com}; first value of a header list. */
    public String baseUrl(HttpRequest<?> request) {
        String scheme = trustForwarded ? request.getHeaders().get("X-Forwarded-Proto") : null;
        if (scheme == null) {
            scheme = request.isSecure() ? "https" : "http";
        }
        String host = trustForwarded ? request.getHeaders().get("X-Forwarded-Host") : null;
        if (host == null) {
            host = request.getHeaders().get("Host");
        }
        if (host == null) {
            host = request.getServerAddress().getHostString() + ":" + request.getServerAddress().getPort();
        }
        return scheme.split(",")[0].strip() + "://" + host.split(",")[0].strip();
    }
}
