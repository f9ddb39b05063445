package com.datacoves.jade.http;

import io.micronaut.http.HttpRequest;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The dbt Cloud {@code include_related} parameter: which related objects to embed (e.g. {@code trigger},
 * {@code job}, {@code run_steps}, {@code environment}). Accepted in all four list encodings of {@link QueryParams};
 * unknown names are ignored. Without it, related objects are {@code null} and {@code run_steps} is {@code []}
 * (dbt Cloud's behaviour; docs/runs.md and docs/jobs.md list each resource's related fields).
 *
 * @param names the requested names, lower-case
 */
public record IncludeRelated(Set<String> names) {

    /** Nothing included. */
    public static final IncludeRelated NONE = new IncludeRelated(Set.of());

    /** Reads {@code include_related} from the request. */
    public static IncludeRelated of(HttpRequest<?> request) {
        return new IncludeRelated(QueryParams.list(request, "include_related").stream()
                .map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet()));
    }

    /** True when {@code name} was requested. */
    public boolean has(String name) {
        return names.contains(name);
    }
}
