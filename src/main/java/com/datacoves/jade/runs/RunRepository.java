package com.datacoves.jade.runs;

import com.datacoves.jade.http.ListQuery;
import com.datacoves.jade.http.Page;
import com.datacoves.jade.index.IndexSql;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads dbt Cloud runs from Jade's {@code run_index}: always account-scoped, ordered by an indexed column with ties
 * broken by id; a list page is the page statement plus its total in one read-only snapshot ({@link IndexSql}).
 */
@Singleton
public class RunRepository {

    private final DataSource jade;

    public RunRepository(@Named("default") DataSource jade) {
        this.jade = DelegatingDataSource.unwrapDataSource(jade);
    }

    /**
     * One page of runs matching {@code where} (which must already hold the account condition) and its total, from one
     * snapshot; the total is summed from {@code run_count} when every condition is a grouping one.
     */
    public Page<RunRow> page(IndexSql where, ListQuery q) {
        try {
            return where.page(jade, RunRow.COLUMNS, "run_index", "run_count", q.sqlOrder(q.orderField(), "id"), q,
                    RunRow::read);
        } catch (SQLException e) {
            throw new IllegalStateException("run index query failed", e);
        }
    }

    /**
     * The newest run (by created_at, then id) of each of these jobs of the account, or with {@code completed} the
     * newest with status 10, 20 or 30: one statement, a LATERAL {@code LIMIT 1} per job on
     * {@code run_index_job_created_desc_idx} (a few index entries per job). Jobs without such a run are absent.
     *
     * @return runs by job id
     */
    public Map<Long, RunRow> latestOfJobs(long accountId, Collection<Long> jobIds, boolean completed) {
        Map<Long, RunRow> out = new HashMap<>();
        if (jobIds.isEmpty()) {
            return out;
        }
        String sql = "SELECT r.* FROM unnest(?::bigint[]) AS j(job_id) CROSS JOIN LATERAL (SELECT " + RunRow.COLUMNS
                + " FROM run_index WHERE job_id = j.job_id AND account_id = ?"
                + (completed ? " AND status IN (10, 20, 30)" : "")
                + " ORDER BY created_at DESC NULLS LAST, id DESC LIMIT 1) r";
        try (Connection c = jade.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("bigint", jobIds.toArray(new Long[0])));
            ps.setLong(2, accountId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    RunRow r = RunRow.read(rs);
                    out.put(r.jobId(), r);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("run index query failed", e);
        }
        return out;
    }

    /** The run with that id when it belongs to the account. */
    public Optional<RunRow> find(long accountId, long id) {
        return first(new IndexSql().where("account_id = ?", accountId).where("id = ?", id), "id");
    }

    /**
     * The project's latest successful run (status 10, newest finished_at, then highest id); the literal
     * {@code status = 10} and this order match the partial index {@code run_index_project_success_idx}.
     */
    public Optional<RunRow> latestSuccess(long accountId, long projectId) {
        return first(new IndexSql().where("account_id = ?", accountId).where("project_id = ?", projectId)
                .where("status = 10").where("finished_at IS NOT NULL"), "finished_at DESC NULLS LAST, id DESC");
    }

    private Optional<RunRow> first(IndexSql sql, String order) {
        try {
            return sql.first(jade, RunRow.COLUMNS, "run_index", order, RunRow::read);
        } catch (SQLException e) {
            throw new IllegalStateException("run index query failed", e);
        }
    }
}
