package com.datacoves.jade.runs;

import com.datacoves.jade.http.ApiException;
import com.datacoves.jade.http.ListQuery;
import com.datacoves.jade.http.QueryParams;
import com.datacoves.jade.index.IndexSql;
import io.micronaut.http.HttpRequest;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * The run-list filters of the dbt Cloud spec that map onto Airflow data, turned into conditions on
 * {@code run_index} and echoed in {@code extra.filters}: {@code job_definition_id}, {@code environment_id},
 * {@code project_id}, {@code project_id__in}, {@code status} (code or name), {@code status__in},
 * {@code created_at__range}, {@code finished_at__range} (two ISO date-times, inclusive), {@code pk},
 * {@code pk__in}, {@code id__gt}. Malformed values → 400.
 *
 * <p>Account, job, environment, project and status filters are grouping conditions ({@link IndexSql#group}): with
 * only those the total comes from {@code run_count}; the range, pk and id filters make it a {@code count(*)} on
 * {@code run_index}.
 */
public final class RunFilters {

    private RunFilters() {
    }

    /** The WHERE of the request's run list, always starting with the caller's account. */
    public static IndexSql apply(HttpRequest<?> request, ListQuery q, long accountId) {
        // grouping columns (also in run_count): the total is summed from the counts table
        IndexSql sql = new IndexSql().group("account_id", accountId);
        q.filter("account_id", accountId);
        QueryParams.number(request, "job_definition_id")
                .ifPresent(v -> sql.group("job_id", q.filter("job_definition_id", v)));
        QueryParams.number(request, "environment_id")
                .ifPresent(v -> sql.group("environment_id", q.filter("environment_id", v)));
        QueryParams.number(request, "project_id").ifPresent(v -> sql.group("project_id", q.filter("project_id", v)));
        List<Long> projectIn = QueryParams.numbers(request, "project_id__in");
        if (!projectIn.isEmpty()) {
            sql.groupIn("project_id", q.filter("project_id__in", projectIn));
        }
        QueryParams.text(request, "status").ifPresent(v -> sql.group("status", q.filter("status", status(v))));
        List<String> statusIn = QueryParams.list(request, "status__in");
        if (!statusIn.isEmpty()) {
            List<Long> codes = statusIn.stream().map(s -> (long) status(s)).toList();
            sql.groupIn("status", q.filter("status__in", codes));
        }
        // anything else is counted on run_index itself
        range(request, q, sql, "created_at");
        range(request, q, sql, "finished_at");
        QueryParams.number(request, "pk").ifPresent(v -> sql.where("id = ?", q.filter("pk", v)));
        List<Long> pkIn = QueryParams.numbers(request, "pk__in");
        if (!pkIn.isEmpty()) {
            sql.in("id", q.filter("pk__in", pkIn));
        }
        QueryParams.number(request, "id__gt").ifPresent(v -> sql.where("id > ?", q.filter("id__gt", v)));
        return sql;
    }

    private static void range(HttpRequest<?> request, ListQuery q, IndexSql sql, String column) {
        QueryParams.range(request, column + "__range").ifPresent(r -> {
            OffsetDateTime from = r.get(0);
            OffsetDateTime to = r.get(1);
            q.filter(column + "__range", List.of(from.toString(), to.toString()));
            sql.where(column + " BETWEEN ? AND ?", from, to);
        });
    }

    private static int status(String text) {
        Integer code = RunStatus.parse(text);
        if (code == null) {
            throw ApiException.badRequest("status must be one of 1, 2, 3, 10, 20, 30");
        }
        return code;
    }
}
