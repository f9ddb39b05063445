package com.datacoves.jade.runs;

import com.datacoves.jade.index.IndexSql;
import com.datacoves.jade.jobs.JobRow;
import com.datacoves.jade.index.IndexGeneration;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Jade-DB writes of the run-control routes (trigger, cancel, rerun) on {@code run_index}.
 *
 * <p>A triggered run gets its dbt Cloud id at once: a row keyed by (environment_id, dag_id, run_id) — the same key
 * and the same {@code INSERT … WHERE NOT EXISTS … ON CONFLICT DO NOTHING} as the index refresher
 * ({@code index.IndexStore}) — so whichever of the two inserts first, the DAG run keeps one id, and the refresher
 * later fills the row with Airflow's data. The columns {@code cancelled_at}, {@code trigger_cause} and
 * {@code trigger_request} are written only here.
 */
@Singleton
public class RunControlStore {

    private final DataSource jade;
    private final IndexGeneration generation;

    /** Uses Jade's read-write pool. */
    public RunControlStore(@Named("default") DataSource jade, IndexGeneration generation) {
        this.jade = DelegatingDataSource.unwrapDataSource(jade);
        this.generation = generation;
    }

    /**
     * Records a DAG run just created through Airflow's API (queued, manual, externally triggered) and its trigger.
     *
     * @param requestJson the trigger request as JSON (kept in {@code trigger_request})
     * @return the run's id in {@code run_index}
     */
    public long recordTriggered(JobRow job, String runId, String cause, String requestJson) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        long id = retried("cannot record triggered run", () -> insertTriggered(job, runId, cause, requestJson, now));
        generation.advance();
        return id;
    }

    private long insertTriggered(JobRow job, String runId, String cause, String requestJson, OffsetDateTime now)
            throws SQLException {
        try (Connection c = jade.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO run_index (account_id, project_id, environment_id, job_id, dag_id, run_id, state,
                                               status, run_type, external_trigger, queued_at, logical_date, updated_at,
                                               created_at)
                        SELECT j.account_id, j.project_id, j.environment_id, j.id, j.dag_id, ?, 'queued', 1, 'manual',
                               true, ?, ?, ?, ?
                        FROM job_index j WHERE j.id = ?
                          AND NOT EXISTS (SELECT 1 FROM run_index r WHERE r.environment_id = j.environment_id
                                          AND r.dag_id = j.dag_id AND r.run_id = ?)
                        ON CONFLICT (environment_id, dag_id, run_id) DO NOTHING""")) {
                    ps.setString(1, runId);
                    ps.setObject(2, now);
                    ps.setObject(3, now);
                    ps.setObject(4, now);
                    ps.setObject(5, now);
                    ps.setLong(6, job.id());
                    ps.setString(7, runId);
                    ps.executeUpdate();
                }
                long id;
                try (PreparedStatement ps = c.prepareStatement("""
                        UPDATE run_index SET trigger_cause = ?, trigger_request = CAST(? AS jsonb)
                        WHERE environment_id = ? AND dag_id = ? AND run_id = ? RETURNING id""")) {
                    ps.setString(1, cause);
                    ps.setString(2, requestJson);
                    ps.setLong(3, job.environmentId());
                    ps.setString(4, job.dagId());
                    ps.setString(5, runId);
                    try (var rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            throw new IllegalStateException("run_index row of " + runId + " missing");
                        }
                        id = rs.getLong(1);
                    }
                }
                c.commit();
                return id;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Marks the run cancelled (status 30 from now on); a run already marked keeps its first time. */
    public void markCancelled(long runId) {
        retried("cannot record cancellation", () -> {
            try (Connection c = jade.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "UPDATE run_index SET cancelled_at = COALESCE(cancelled_at, now()), status = 30 WHERE id = ?")) {
                ps.setLong(1, runId);
                return ps.executeUpdate();
            }
        });
        generation.advance();
    }

    /** One database write of this class. */
    @FunctionalInterface
    private interface Write<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code write}, again (up to 3 tries) when PostgreSQL aborted it as a deadlock victim: the {@code run_count}
     * trigger ({@code V31__run_counts.sql}) makes this write and a concurrent refresher batch lock count rows and run
     * rows in different orders, which PostgreSQL resolves by aborting one of them (SQLSTATE 40P01).
     */
    private static <T> T retried(String what, Write<T> write) {
        for (int attempt = 1; ; attempt++) {
            try {
                return write.run();
            } catch (SQLException e) {
                if (!"40P01".equals(e.getSQLState()) || attempt == 3) {
                    throw new IllegalStateException(what, e);
                }
            }
        }
    }

    /** The job's latest run (newest created_at, then highest id), if any. */
    public Optional<RunRow> latestOfJob(long accountId, long jobId) {
        try {
            return new IndexSql().where("account_id = ?", accountId).where("job_id = ?", jobId)
                    .first(jade, RunRow.COLUMNS, "run_index", "created_at DESC NULLS LAST, id DESC", RunRow::read);
        } catch (SQLException e) {
            throw new IllegalStateException("run index query failed", e);
        }
    }
}
