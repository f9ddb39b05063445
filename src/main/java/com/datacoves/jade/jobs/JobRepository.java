package com.datacoves.jade.jobs;

import com.datacoves.jade.http.ListQuery;
import com.datacoves.jade.http.Page;
import com.datacoves.jade.index.IndexSql;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Reads dbt Cloud jobs from Jade's {@code job_index} (always account-scoped). */
@Singleton
public class JobRepository {

    private final DataSource jade;

    public JobRepository(@Named("default") DataSource jade) {
        this.jade = DelegatingDataSource.unwrapDataSource(jade);
    }

    /**
     * One page of the account's jobs matching {@code where} (which must already hold the account condition) and its
     * total ({@code count(*)} on {@code job_index}, a table of one row per DAG), from one snapshot.
     */
    public Page<JobRow> page(IndexSql where, ListQuery q) {
        String column = q.orderField().equals("name") ? "lower(dag_id)" : "id";
        try {
            return where.page(jade, JobRow.COLUMNS, "job_index", q.sqlOrder(column, "id"), q, JobRow::read);
        } catch (SQLException e) {
            throw new IllegalStateException("job index query failed", e);
        }
    }

    /** The job with that id when it belongs to the account. */
    public Optional<JobRow> find(long accountId, long id) {
        try {
            return new IndexSql().where("account_id = ?", accountId).where("id = ?", id)
                    .first(jade, JobRow.COLUMNS, "job_index", "id", JobRow::read);
        } catch (SQLException e) {
            throw new IllegalStateException("job index query failed", e);
        }
    }

    /** The account's jobs with these ids, by id. */
    public Map<Long, JobRow> byIds(long accountId, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        try {
            List<JobRow> rows = new IndexSql().where("account_id = ?", accountId).in("id", ids)
                    .rows(jade, JobRow.COLUMNS, "job_index", "id", ids.size(), JobRow::read);
            return rows.stream().collect(Collectors.toMap(JobRow::id, Function.identity()));
        } catch (SQLException e) {
            throw new IllegalStateException("job index query failed", e);
        }
    }
}
