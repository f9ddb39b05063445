package com.datacoves.jade.runs;

import com.datacoves.jade.common.InvalidInputException;
import com.datacoves.jade.index.RunStatus;
import com.datacoves.jade.http.ListQuery;
import com.datacoves.jade.http.QueryParams;
import com.datacoves.jade.index.RunQuery;
import io.micronaut.http.HttpRequest;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The run-list filters of the dbt Cloud spec that map onto Airflow data, read into a {@link RunQuery} and echoed in
 * {@code extra.filters}: {@code job_definition_id}, {@code job_definition_id__in}, {@code environment_id},
 * {@code environment_id__in}, {@code project_id}, {@code project_id__in}, {@code status} (code or name),
 * {@code status__in}, {@code created_at__range}, {@code finished_at__range} (two ISO date-times, inclusive),
 * {@code pk}, {@code pk__in}, {@code id__gt}. {@code status_in} (one underscore) is the same filter as
 * {@code status__in}: it is the name the dbt Cloud Terraform provider's {@code dbtcloud_runs} sends. A single value and
 * its {@code __in} list given together must both hold (their intersection). Malformed values → 400.
 */
public final class RunFilters {

    private RunFilters() {
    }

    /** The filters of the request's run list, always within the caller's account. */
    public static RunQuery read(HttpRequest<?> request, ListQuery q, long accountId) {
        q.filter("account_id", accountId);
        List<Long> jobs = both(one(request, q, "job_definition_id"), in(request, q, "job_definition_id__in"));
        List<Long> environments = both(one(request, q, "environment_id"), in(request, q, "environment_id__in"));
        List<Long> projects = both(one(request, q, "project_id"), in(request, q, "project_id__in"));
        List<Long> status = QueryParams.text(request, "status").map(v -> List.of((long) q.filter("status", status(v))))
                .orElse(List.of());
        List<Long> statuses = both(status, both(statusIn(request, q, "status__in"), statusIn(request, q, "status_in")));
        Optional<List<OffsetDateTime>> created = range(request, q, "created_at");
        Optional<List<OffsetDateTime>> finished = range(request, q, "finished_at");
        List<Long> ids = both(one(request, q, "pk"), in(request, q, "pk__in"));
        Long idAbove = QueryParams.number(request, "id__gt").map(v -> q.filter("id__gt", v)).orElse(null);
        return new RunQuery(accountId, jobs, environments, projects, statuses,
                created.map(r -> r.get(0)).orElse(null), created.map(r -> r.get(1)).orElse(null),
                finished.map(r -> r.get(0)).orElse(null), finished.map(r -> r.get(1)).orElse(null), ids, idAbove);
    }

    private static List<Long> statusIn(HttpRequest<?> request, ListQuery q, String name) {
        List<String> values = QueryParams.list(request, name);
        return values.isEmpty() ? List.of() : q.filter(name, values.stream().map(s -> (long) status(s)).toList());
    }

    private static List<Long> in(HttpRequest<?> request, ListQuery q, String name) {
        List<Long> values = QueryParams.numbers(request, name);
        return values.isEmpty() ? values : q.filter(name, values);
    }

    /** Both filters of one column (e.g. pk and pk__in) hold: their intersection; one that matches nothing is -1. */
    private static List<Long> both(List<Long> a, List<Long> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return a.isEmpty() ? b : a;
        }
        List<Long> common = new ArrayList<>(a);
        common.retainAll(b);
        return common.isEmpty() ? List.of(-1L) : common;
    }

    private static List<Long> one(HttpRequest<?> request, ListQuery q, String name) {
        return QueryParams.number(request, name).map(v -> List.of(q.filter(name, v))).orElse(List.of());
    }

    private static Optional<List<OffsetDateTime>> range(HttpRequest<?> request, ListQuery q, String column) {
        Optional<List<OffsetDateTime>> r = QueryParams.range(request, column + "__range");
        r.ifPresent(v -> q.filter(column + "__range", List.of(v.get(0).toString(), v.get(1).toString())));
        return r;
    }

    private static int status(String text) {
        Integer code = RunStatus.parse(text);
        if (code == null) {
            throw new InvalidInputException("status must be one of 1, 2, 3, 10, 20, 30");
        }
        return code;
    }
}
