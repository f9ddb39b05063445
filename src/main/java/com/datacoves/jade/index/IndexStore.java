package com.datacoves.jade.index;

import com.datacoves.jade.environments.EnvironmentRow;
import com.datacoves.jade.runs.RunStatus;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes Jade's {@code job_index}, {@code run_index} and {@code index_watermark} (Jade DB, pool {@code default}).
 *
 * <p>Ids are assigned by the database sequence only: each batch first runs
 * {@code INSERT … SELECT … WHERE NOT EXISTS … ON CONFLICT DO NOTHING} (so existing rows do not consume sequence
 * values and concurrent writers cannot collide), then an {@code UPDATE} that applies the current data to every row.
 * Each batch is one transaction. A run cancelled through Jade ({@code cancelled_at} set by the run-control routes,
 * never written here) keeps status 30 whatever Airflow's state.
 */
@Singleton
public class IndexStore {

    private final DataSource jade;

    public IndexStore(@Named("default") DataSource jade) {
        this.jade = DelegatingDataSource.unwrapDataSource(jade);
    }

    /** The environment's watermark {@code (last dag_run.id, last dag_run.updated_at)}; (0, null) when new. */
    public Watermark watermark(long environmentId) throws SQLException {
        try (Connection c = jade.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT last_dag_run_id, last_updated_at FROM index_watermark WHERE environment_id = ?")) {
            ps.setLong(1, environmentId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Watermark(rs.getLong(1), rs.getObject(2, OffsetDateTime.class))
                        : new Watermark(0, null);
            }
        }
    }

    /** Stores the environment's new watermark. */
    public void saveWatermark(long environmentId, Watermark w) throws SQLException {
        try (Connection c = jade.getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO index_watermark (environment_id, last_dag_run_id, last_updated_at, refreshed_at)
                VALUES (?, ?, ?, now()) ON CONFLICT (environment_id) DO UPDATE
                SET last_dag_run_id = EXCLUDED.last_dag_run_id, last_updated_at = EXCLUDED.last_updated_at,
                    refreshed_at = now()""")) {
            ps.setLong(1, environmentId);
            ps.setLong(2, w.lastDagRunId());
            ps.setObject(3, w.lastUpdatedAt());
            ps.executeUpdate();
        }
    }

    /** The Airflow {@code dag_run.id}s of the environment's runs that are not finished (status 1, 2, 3). */
    public List<Long> unfinishedDagRunIds(long environmentId) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection c = jade.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT dag_run_id FROM run_index
                WHERE environment_id = ? AND status IN (1, 2, 3) AND dag_run_id IS NOT NULL""")) {
            ps.setLong(1, environmentId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }

    /** Inserts or updates the environment's DAGs; DAGs no longer in Airflow are marked not present. */
    public void upsertDags(EnvironmentRow env, List<DagRecord> dags) throws SQLException {
        try (Connection c = jade.getConnection()) {
            c.setAutoCommit(false);
            try {
                ensureJobs(c, env, dags.stream().map(DagRecord::dagId).toList());
                try (PreparedStatement ps = c.prepareStatement("""
                        UPDATE job_index SET account_id = ?, project_id = ?, description = ?, is_active = ?,
                               is_paused = ?, schedule_interval = ?, timetable_description = ?, next_dagrun = ?,
                               last_parsed_time = ?, tags = ?, execute_steps = ?, present = true, indexed_at = now()
                        WHERE environment_id = ? AND dag_id = ?""")) {
                    for (DagRecord d : dags) {
                        ps.setLong(1, env.accountId());
                        ps.setLong(2, env.projectId());
                        ps.setString(3, d.description());
                        ps.setBoolean(4, d.active());
                        ps.setBoolean(5, d.paused());
                        ps.setString(6, d.schedule());
                        ps.setString(7, d.timetableDescription());
                        ps.setObject(8, d.nextDagrun());
                        ps.setObject(9, d.lastParsedTime());
                        ps.setArray(10, c.createArrayOf("text", d.tags().toArray()));
                        ps.setArray(11, c.createArrayOf("text", d.executeSteps().toArray()));
                        ps.setLong(12, env.id());
                        ps.setString(13, d.dagId());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                try (PreparedStatement gone = c.prepareStatement("""
                        UPDATE job_index SET present = false WHERE environment_id = ? AND present
                        AND NOT (dag_id = ANY(?))""")) {
                    gone.setLong(1, env.id());
                    gone.setArray(2, c.createArrayOf("text", dags.stream().map(DagRecord::dagId).toArray()));
                    gone.executeUpdate();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Inserts new runs and updates known ones (also creating a job row for a DAG seen only through its runs). */
    public void upsertRuns(EnvironmentRow env, Collection<DagRunRecord> runs) throws SQLException {
        if (runs.isEmpty()) {
            return;
        }
        try (Connection c = jade.getConnection()) {
            c.setAutoCommit(false);
            try {
                Set<String> dagIds = new LinkedHashSet<>();
                runs.forEach(r -> dagIds.add(r.dagId()));
                ensureJobs(c, env, dagIds);
                insertRuns(c, env, runs);
                updateRuns(c, env, runs);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static void ensureJobs(Connection c, EnvironmentRow env, Collection<String> dagIds) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO job_index (account_id, project_id, environment_id, dag_id)
                SELECT ?, ?, ?, ? WHERE NOT EXISTS
                  (SELECT 1 FROM job_index WHERE environment_id = ? AND dag_id = ?)
                ON CONFLICT (environment_id, dag_id) DO NOTHING""")) {
            for (String dagId : dagIds) {
                ps.setLong(1, env.accountId());
                ps.setLong(2, env.projectId());
                ps.setLong(3, env.id());
                ps.setString(4, dagId);
                ps.setLong(5, env.id());
                ps.setString(6, dagId);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void insertRuns(Connection c, EnvironmentRow env, Collection<DagRunRecord> runs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO run_index (account_id, project_id, environment_id, job_id, dag_id, run_id, status)
                SELECT j.account_id, j.project_id, j.environment_id, j.id, j.dag_id, ?, ?
                FROM job_index j WHERE j.environment_id = ? AND j.dag_id = ?
                  AND NOT EXISTS (SELECT 1 FROM run_index r
                                  WHERE r.environment_id = j.environment_id AND r.dag_id = j.dag_id AND r.run_id = ?)
                ON CONFLICT (environment_id, dag_id, run_id) DO NOTHING""")) {
            for (DagRunRecord r : runs) {
                ps.setString(1, r.runId());
                ps.setInt(2, RunStatus.of(r.state()));
                ps.setLong(3, env.id());
                ps.setString(4, r.dagId());
                ps.setString(5, r.runId());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void updateRuns(Connection c, EnvironmentRow env, Collection<DagRunRecord> runs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE run_index SET dag_run_id = ?, state = ?,
                       status = CASE WHEN cancelled_at IS NOT NULL THEN 30 ELSE ? END, run_type = ?, external_trigger = ?,
                       queued_at = ?, logical_date = ?, started_at = ?, finished_at = ?, updated_at = ?, created_at = ?,
                       account_id = ?, project_id = ?
                WHERE environment_id = ? AND dag_id = ? AND run_id = ?""")) {
            for (DagRunRecord r : runs) {
                ps.setObject(1, r.dagRunId());
                ps.setString(2, r.state());
                ps.setInt(3, RunStatus.of(r.state()));
                ps.setString(4, r.runType());
                ps.setObject(5, r.externalTrigger());
                ps.setObject(6, r.queuedAt());
                ps.setObject(7, r.logicalDate());
                ps.setObject(8, r.startedAt());
                ps.setObject(9, r.finishedAt());
                ps.setObject(10, r.updatedAt());
                ps.setObject(11, r.createdAt());
                ps.setLong(12, env.accountId());
                ps.setLong(13, env.projectId());
                ps.setLong(14, env.id());
                ps.setString(15, r.dagId());
                ps.setString(16, r.runId());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * Refresh position of one environment.
     *
     * @param lastDagRunId  the highest Airflow {@code dag_run.id} indexed
     * @param lastUpdatedAt the latest {@code dag_run.updated_at} indexed, null before the first pass
     */
    public record Watermark(long lastDagRunId, OffsetDateTime lastUpdatedAt) {
    }
}
