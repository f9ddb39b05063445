package com.datacoves.jade.http;

/**
 * The route families of Jade, each with its own error body shape (README, "The dbt Cloud API", docs/datacoves-api.md).
 * <ul>
 *   <li>{@link #DBT_CLOUD}: {@code /api/v2/accounts/…}, {@code /api/v3/accounts/…} and the host root {@code /}
 *       (which lists the caller's accounts) — the dbt Cloud envelope
 *       ({@code status}, {@code data: null}) plus Jade's {@code errors.message};</li>
 *   <li>{@link #DATACOVES}: everything else — Jade's {@code {"errors":{"message":…}}}.</li>
 * </ul>
 */
public enum RouteFamily {
    DBT_CLOUD,
    DATACOVES;

    /** The family of a request path. */
    public static RouteFamily of(String path) {
        if (path != null && (path.startsWith("/api/v2/accounts") || path.startsWith("/api/v3/accounts")
                || path.equals("/"))) {
            return DBT_CLOUD;
        }
        return DATACOVES;
    }
}
