package com.datacoves.jade.airflowapi;

import io.micronaut.core.annotation.Nullable;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where and how to call one environment's Airflow REST API.
 *
 * @param slug          the environment slug (for messages)
 * @param baseUrl       the API base without a trailing slash, e.g. {@code http://host:8080/api/v1}
 * @param authorization the {@code Authorization} header value, or null to send none
 */
public record AirflowApiTarget(String slug, String baseUrl, @Nullable String authorization) {

    /** A target with bearer-token or Basic credentials (token wins; neither → no header). */
    public static AirflowApiTarget of(String slug, String url, @Nullable String token, @Nullable String username,
                                      @Nullable String password) {
        String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        String auth = null;
        if (token != null && !token.isBlank()) {
            auth = "Bearer " + token.strip();
        } else if (username != null && !username.isBlank()) {
            String pair = username + ":" + (password == null ? "" : password);
            auth = "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        }
        return new AirflowApiTarget(slug, base, auth);
    }

    @Override
    public String toString() {
        return "AirflowApiTarget[slug=" + slug + ", baseUrl=" + baseUrl + "]";
    }
}
