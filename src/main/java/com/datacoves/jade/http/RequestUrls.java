package com.datacoves.jade.http;

import io.micronaut.http.HttpRequest;

/** URLs derived from the request, for links Jade puts in its answers (a run's {@code href}). */
public final class RequestUrls {

    private RequestUrls() {
    }

    /**
     * scheme://host of the request: {@code X-Forwarded-Proto}/{@code X-Forwarded-Host} when a proxy sets them (first
     * value of a list), else the {@code Host} header and the server's scheme, else the server's address.
     */
    public static String baseUrl(HttpRequest<?> request) {
        String scheme = request.getHeaders().get("X-Forwarded-Proto");
        if (scheme == null) {
            scheme = request.isSecure() ? "https" : "http";
        }
        String host = request.getHeaders().get("X-Forwarded-Host");
        if (host == null) {
            host = request.getHeaders().get("Host");
        }
        if (host == null) {
            host = request.getServerAddress().getHostString() + ":" + request.getServerAddress().getPort();
        }
        return scheme.split(",")[0].strip() + "://" + host.split(",")[0].strip();
    }
}
