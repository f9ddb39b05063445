package com.datacoves.jade.index;

import com.datacoves.jade.environments.EnvironmentRow;
import com.datacoves.jade.runs.RunStatus;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
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
 * {@code INSERT … SELECT … WHERE NOT EXISTS … ON CONFLICT DO NOTHING} with the run's full data (so existing rows do
 * not consume sequence values and concurrent writers cannot collide), then an {@code UPDATE} that applies the current
 * data only to rows whose data differs ({@code IS DISTINCT FROM}). So a new run is written once (no dead tuple from an
 * insert-then-update), an unchanged run is not written at all, and a run another writer inserted first (a run
 * triggered through Jade, {@code RunControlStore}) still gets Airflow's data in the same pass. Each batch is one
 * transaction; a pass over unchanged DAGs and DAG runs writes nothing at all. The trigger of
 * {@code V31__run_counts.sql} keeps {@code run_count} in step with every insert and
 * status change. A run cancelled through Jade ({@code cancelled_at} set by the run-control routes, never written
 * here) keeps status 30 whatever Airflow's state.
 */
@Singleton
public class IndexStore {

    private final DataSource jade;
    private final IndexGeneration generation;

    public IndexStore(@Named("default") DataSource jade, IndexGeneration generation) {
        this.jade = DelegatingDataSource.unwrapDataSource(jade);
        this.generation = generation;
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

    /**
     * Stores the environment's new watermark ({@code refreshed_at}: when it last moved). {@link EnvironmentRefresh}
     * calls this only when it moved, so that a pass that found nothing new writes nothing (no WAL flush at commit).
     */
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

    /**
     * Inserts or updates the environment's DAGs ({@code indexed_at}: when the row last changed); DAGs no longer in
     * Airflow are marked not present. Unchanged DAGs are not written.
     */
    public void upsertDags(EnvironmentRow env, List<DagRecord> dags) throws SQLException {
        try (Connection c = jade.getConnection()) {
            c.setAutoCommit(false);
            try {
                boolean changed = ensureJobs(c, env, dags.stream().map(DagRecord::dagId).toList());
                // only DAGs whose data differs are written: a pass over unchanged DAGs writes nothing
                try (PreparedStatement ps = c.prepareStatement("""
                        UPDATE job_index j SET account_id = v.account_id, project_id = v.project_id,
                               description = v.description, is_active = v.is_active, is_paused = v.is_paused,
                               schedule_interval = v.schedule_interval,
                               timetable_description = v.timetable_description, next_dagrun = v.next_dagrun,
                               last_parsed_time = v.last_parsed_time, tags = v.tags, execute_steps = v.execute_steps,
                               present = true, indexed_at = now()
                        FROM (SELECT CAST(? AS bigint) AS account_id, CAST(? AS bigint) AS project_id,
                                     CAST(? AS text) AS description, CAST(? AS boolean) AS is_active,
                                     CAST(? AS boolean) AS is_paused, CAST(? AS text) AS schedule_interval,
                                     CAST(? AS text) AS timetable_description, CAST(? AS timestamptz) AS next_dagrun,
                                     CAST(? AS timestamptz) AS last_parsed_time, CAST(? AS text[]) AS tags,
                                     CAST(? AS text[]) AS execute_steps) v
                        WHERE j.environment_id = ? AND j.dag_id = ?
                          AND (j.account_id, j.project_id, j.description, j.is_active, j.is_paused,
                               j.schedule_interval, j.timetable_description, j.next_dagrun, j.last_parsed_time, j.tags,
                               j.execute_steps, j.present)
                              IS DISTINCT FROM
                              (v.account_id, v.project_id, v.description, v.is_active, v.is_paused,
                               v.schedule_interval, v.timetable_description, v.next_dagrun, v.last_parsed_time, v.tags,
                               v.execute_steps, true)""")) {
                    for (DagRecord d : dags) {
                        ps.setLong(1, env.accountId());
                        ps.setLong(2, env.projectId());
                        ps.setString(3, d.description());
                        ps.setBoolean(4, d.active());
                        ps.setBoolean(5, d.paused());
                        ps.setString(6, d.schedule());
                        ps.setString(7, d.timetableDescription());
                        timestamp(ps, 8, d.nextDagrun());
                        timestamp(ps, 9, d.lastParsedTime());
                        ps.setArray(10, c.createArrayOf("text", d.tags().toArray()));
                        ps.setArray(11, c.createArrayOf("text", d.executeSteps().toArray()));
                        ps.setLong(12, env.id());
                        ps.setString(13, d.dagId());
                        ps.addBatch();
                    }
                    changed |= changed(ps.executeBatch());
                }
                try (PreparedStatement gone = c.prepareStatement("""
                        UPDATE job_index SET present = false WHERE environment_id = ? AND present
                        AND NOT (dag_id = ANY(?))""")) {
                    gone.setLong(1, env.id());
                    gone.setArray(2, c.createArrayOf("text", dags.stream().map(DagRecord::dagId).toArray()));
                    changed |= gone.executeUpdate() > 0;
                }
                c.commit();
                if (changed) {
                    generation.advance();
                }
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
                boolean changed = ensureJobs(c, env, dagIds);
                changed |= insertRuns(c, env, runs);   // new runs: one write each, with all their data
                changed |= updateRuns(c, env, runs);   // known runs: written only when Airflow's data differs
                c.commit();
                if (changed) {
                    generation.advance();
                }
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static boolean ensureJobs(Connection c, EnvironmentRow env, Collection<String> dagIds) throws SQLException {
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
            return changed(ps.executeBatch());
        }
    }

    /**
     * Inserts the runs the index does not have yet, with all their data: one row write and one sequence value per new
     * run, none for a run already indexed ({@code WHERE NOT EXISTS}; {@code ON CONFLICT DO NOTHING} for a concurrent
     * writer such as {@code RunControlStore.recordTriggered}).
     */
    private static boolean insertRuns(Connection c, EnvironmentRow env, Collection<DagRunRecord> runs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO run_index (account_id, project_id, environment_id, job_id, dag_id, run_id, dag_run_id,
                                       state, status, run_type, external_trigger, queued_at, logical_date, started_at,
                                       finished_at, updated_at, created_at)
                SELECT ?, ?, j.environment_id, j.id, j.dag_id, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
                FROM job_index j WHERE j.environment_id = ? AND j.dag_id = ?
                  AND NOT EXISTS (SELECT 1 FROM run_index r
                                  WHERE r.environment_id = j.environment_id AND r.dag_id = j.dag_id AND r.run_id = ?)
                ON CONFLICT (environment_id, dag_id, run_id) DO NOTHING""")) {
            for (DagRunRecord r : runs) {
                ps.setLong(1, env.accountId());
                ps.setLong(2, env.projectId());
                ps.setString(3, r.runId());
                int i = setData(ps, 4, r);
                ps.setLong(i++, env.id());
                ps.setString(i++, r.dagId());
                ps.setString(i, r.runId());
                ps.addBatch();
            }
            return changed(ps.executeBatch());
        }
    }

    /**
     * Applies Airflow's current data to indexed runs whose data differs: a run that did not change (most of those
     * re-read every pass: the unfinished ones and those at the {@code updated_at} watermark) and a run just inserted
     * by {@link #insertRuns} are not written again. A run cancelled through Jade keeps status 30.
     */
    private static boolean updateRuns(Connection c, EnvironmentRow env, Collection<DagRunRecord> runs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE run_index r SET dag_run_id = v.dag_run_id, state = v.state,
                       status = CASE WHEN r.cancelled_at IS NOT NULL THEN 30 ELSE v.status END, run_type = v.run_type,
                       external_trigger = v.external_trigger, queued_at = v.queued_at, logical_date = v.logical_date,
                       started_at = v.started_at, finished_at = v.finished_at, updated_at = v.updated_at,
                       created_at = v.created_at, account_id = v.account_id, project_id = v.project_id
                FROM (SELECT CAST(? AS bigint) AS dag_run_id, CAST(? AS varchar) AS state, CAST(? AS smallint) AS status,
                             CAST(? AS varchar) AS run_type, CAST(? AS boolean) AS external_trigger,
                             CAST(? AS timestamptz) AS queued_at, CAST(? AS timestamptz) AS logical_date,
                             CAST(? AS timestamptz) AS started_at, CAST(? AS timestamptz) AS finished_at,
                             CAST(? AS timestamptz) AS updated_at, CAST(? AS timestamptz) AS created_at,
                             CAST(? AS bigint) AS account_id, CAST(? AS bigint) AS project_id) v
                WHERE r.environment_id = ? AND r.dag_id = ? AND r.run_id = ?
                  AND (r.dag_run_id, r.state, r.status, r.run_type, r.external_trigger, r.queued_at, r.logical_date,
                       r.started_at, r.finished_at, r.updated_at, r.created_at, r.account_id, r.project_id)
                      IS DISTINCT FROM
                      (v.dag_run_id, v.state, CASE WHEN r.cancelled_at IS NOT NULL THEN 30 ELSE v.status END,
                       v.run_type, v.external_trigger, v.queued_at, v.logical_date, v.started_at, v.finished_at,
                       v.updated_at, v.created_at, v.account_id, v.project_id)""")) {
            for (DagRunRecord r : runs) {
                int i = setData(ps, 1, r);
                ps.setLong(i++, env.accountId());
                ps.setLong(i++, env.projectId());
                ps.setLong(i++, env.id());
                ps.setString(i++, r.dagId());
                ps.setString(i, r.runId());
                ps.addBatch();
            }
            return changed(ps.executeBatch());
        }
    }

    /**
     * Binds dag_run_id, state, status, run_type, external_trigger, queued_at, logical_date, started_at, finished_at,
     * updated_at, created_at from {@code from} on; returns the next parameter index.
     */
    private static int setData(PreparedStatement ps, int from, DagRunRecord r) throws SQLException {
        int i = from;
        ps.setObject(i++, r.dagRunId(), Types.BIGINT);
        ps.setString(i++, r.state());
        ps.setInt(i++, RunStatus.of(r.state()));
        ps.setString(i++, r.runType());
        ps.setObject(i++, r.externalTrigger(), Types.BOOLEAN);
        for (OffsetDateTime t : new OffsetDateTime[] {r.queuedAt(), r.logicalDate(), r.startedAt(), r.finishedAt(),
                r.updatedAt(), r.createdAt()}) {
            timestamp(ps, i++, t);
        }
        return i;
    }

    /** Binds a timestamptz, typed also when null (an untyped null in a SELECT list would be text). */
    private static void timestamp(PreparedStatement ps, int i, @Nullable OffsetDateTime t) throws SQLException {
        if (t == null) {
            ps.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(i, t);
        }
    }

    /** True when a batch changed at least one row (a driver may answer "done, count unknown": counted as a change). */
    private static boolean changed(int[] counts) {
        for (int n : counts) {
            if (n != 0) {
                return true;
            }
        }
        return false;
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
