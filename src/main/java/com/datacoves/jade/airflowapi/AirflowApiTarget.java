package com.datacoves.jade.airflowapi;

import io.micronaut.core.annotation.Nullable;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where and how to call one environment's Airflow REST API.
 *
 * <ul>
 *   <li>Airflow 2: the stable API {@code /api/v1}, with {@code Authorization: Bearer <token>} when a token is set,
 *       else HTTP Basic with the user and password.</li>
 *   <li>Airflow 3 ({@link #airflow3}): {@code /api/v2} (no {@code /api/v1} exists there), with the token when set,
 *       else a JWT that {@link AirflowApiClient} obtains from the API server's {@code POST /auth/token} with the user
 *       and password (Airflow 3 accepts no Basic credentials).</li>
 * </ul>
 *
 * @param slug     the environment slug (for messages), or null for the deployment controller's Airflow
 * @param baseUrl  the API base without a trailing slash, e.g. {@code http://host:8080/api/v1}
 * @param token    a bearer token, or null
 * @param username a user for Basic (Airflow 2) or for {@code /auth/token} (Airflow 3), or null
 * @param password its password, or null
 * @param airflow3 true for an Airflow 3 API server
 */
public record AirflowApiTarget(@Nullable String slug, String baseUrl, @Nullable String token, @Nullable String username,
                               @Nullable String password, boolean airflow3) {

    /** An Airflow 2 target with bearer-token or Basic credentials (token wins; neither → no header). */
    public static AirflowApiTarget of(@Nullable String slug, String url, @Nullable String token, @Nullable String username,
                                      @Nullable String password) {
        String base = url.replaceAll("/+$", "");
        return new AirflowApiTarget(slug, base, blankToNull(token), blankToNull(username), password, false);
    }

    /**
     * The same environment's API as an Airflow 3 API server serves it: a base ending in {@code /api/v1} ends in
     * {@code /api/v2} instead (any other base is kept as configured).
     */
    public AirflowApiTarget forAirflow3() {
        String base = baseUrl.endsWith("/api/v1") ? baseUrl.substring(0, baseUrl.length() - 1) + "2" : baseUrl;
        return new AirflowApiTarget(slug, base, token, username, password, true);
    }

    /** Whose API this is, for messages: {@code environment <slug>}, else the API server's root URL. */
    public String label() {
        return slug == null ? root() : "environment " + slug;
    }

    /** The API server's root (the base without its {@code /api/vN}), where Airflow 3 serves {@code /auth/token}. */
    public String root() {
        int api = baseUrl.lastIndexOf("/api/v");
        return api >= 0 ? baseUrl.substring(0, api) : baseUrl;
    }

    /**
     * The {@code Authorization} header for Airflow 2, or for Airflow 3 with a token: {@code Bearer <token>}, else
     * Basic (Airflow 2 only); null when there are no credentials.
     */
    @Nullable
    public String authorization() {
        if (token != null) {
            return "Bearer " + token.strip();
        }
        if (username != null && !airflow3) {
            String pair = username + ":" + (password == null ? "" : password);
            return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        }
        return null;
    }

    /** True when a JWT must first be obtained from {@code /auth/token} (Airflow 3, user and password, no token). */
    public boolean needsSessionToken() {
        return airflow3 && token == null && username != null;
    }

    private static String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @Override
    public String toString() {
        return "AirflowApiTarget[slug=" + slug + ", baseUrl=" + baseUrl + ", airflow3=" + airflow3 + "]";
    }
}
