package com.datacoves.jade.index;

import com.datacoves.jade.airflow.DagRunRow;
import com.datacoves.jade.common.Page;
import com.datacoves.jade.common.PageRequest;
import com.datacoves.jade.datacoves.EnvironmentRow;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.SqlStatement;

import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static com.datacoves.jade.index.JobIndexRepository.changed;
import static com.datacoves.jade.index.JobIndexRepository.lockEnvironment;

/**
 * Jade's {@code run_index} (docs/index.md): reads for the run routes (always account-scoped; runs deleted in Airflow
 * are never listed), and every write — a refresh pass's, and run control's (a run triggered through Jade, a
 * cancellation). Each write transaction first takes the environment's index lock, so writers of one environment
 * never interleave: no deadlock to retry, whatever the {@code run_count} trigger locks.
 *
 * <p>Ids come from the table's sequence, or for a DAG run whose id was imported from the Elixir Jade
 * ({@code imported_run_id}, by environment and {@code dag_run.id}) that id, unless another row holds it: a batch
 * first inserts the runs not indexed yet
 * ({@code INSERT … SELECT … WHERE NOT EXISTS … ON CONFLICT DO NOTHING}, so existing rows take no sequence value), then
 * updates those whose data differs ({@code IS DISTINCT FROM}). A new run is written once, an unchanged one never.
 */
@Singleton
public class RunIndexRepository {

    /** Largest batch written in one transaction. */
    static final int WRITE_BATCH = 500;

    private static final RowMapper<RunRow> ROW = (rs, ctx) -> RunRow.read(rs);

    private final Jdbi jade;
    private final IndexGeneration generation;

    /** Uses Jade's database; every committed change advances {@code generation} (response caches key on it). */
    public RunIndexRepository(@Named("jade") Jdbi jade, IndexGeneration generation) {
        this.jade = jade;
        this.generation = generation;
    }

    private <T> T advancing(T result, boolean changed) {
        if (changed) {
            generation.advance();
        }
        return result;
    }

    // ---- reads of the run routes -----------------------------------------------------------------------------------

    /**
     * One page of runs and its total, from one snapshot; the total is summed from {@code run_count} when every
     * filter is a grouping one (account, project, environment, job, status).
     */
    public Page<RunRow> page(RunQuery q, PageRequest page) {
        Conditions c = new Conditions().group("account_id", q.accountId()).countedOnly("deleted_at IS NULL")
                .anyOf("job_id", q.jobIds(), true)
                .anyOf("environment_id", q.environmentIds(), true)
                .anyOf("project_id", q.projectIds(), true)
                .anyOf("status", q.statuses(), true)
                .anyOf("id", q.ids(), false);
        if (q.createdFrom() != null) {
            c.where("created_at BETWEEN ? AND ?", q.createdFrom(), q.createdTo());
        }
        if (q.finishedFrom() != null) {
            c.where("finished_at BETWEEN ? AND ?", q.finishedFrom(), q.finishedTo());
        }
        if (q.idAbove() != null) {
            c.where("id > ?", q.idAbove());
        }
        return jade.withHandle(h -> c.page(h, RunRow.COLUMNS, "run_index", "run_count",
                JobIndexRepository.order(page.orderField(), page), page, ROW));
    }

    /** The listed run with that id when it belongs to the account. */
    public Optional<RunRow> find(long accountId, long id) {
        return jade.withHandle(h -> h.createQuery("SELECT " + RunRow.COLUMNS
                        + " FROM run_index WHERE account_id = ? AND id = ? AND deleted_at IS NULL")
                .bind(0, accountId).bind(1, id).map(ROW).findOne());
    }

    /**
     * The newest listed run (by created_at, then id) of each of these jobs of the account, or with {@code completed}
     * the newest with status 10, 20 or 30: one statement, a LATERAL {@code LIMIT 1} per job on
     * {@code run_index_job_created_desc_idx}. Jobs without such a run are absent.
     *
     * @return runs by job id
     */
    public Map<Long, RunRow> latestOfJobs(long accountId, Collection<Long> jobIds, boolean completed) {
        Map<Long, RunRow> out = new HashMap<>();
        if (jobIds.isEmpty()) {
            return out;
        }
        String sql = "SELECT r.* FROM unnest(?::bigint[]) AS j(job_id) CROSS JOIN LATERAL (SELECT " + RunRow.COLUMNS
                + " FROM run_index WHERE job_id = j.job_id AND account_id = ? AND deleted_at IS NULL"
                + (completed ? " AND status IN (10, 20, 30)" : "")
                + " ORDER BY created_at DESC NULLS LAST, id DESC LIMIT 1) r";
        jade.useHandle(h -> h.createQuery(sql).bind(0, jobIds.toArray(new Long[0])).bind(1, accountId).map(ROW)
                .forEach(r -> out.put(r.jobId(), r)));
        return out;
    }

    /** The job's newest listed run (by created_at, then id), if any. */
    public Optional<RunRow> latestOfJob(long accountId, long jobId) {
        return Optional.ofNullable(latestOfJobs(accountId, List.of(jobId), false).get(jobId));
    }

    /**
     * The project's latest successful run (status 10, newest finished_at, then highest id); the literal
     * {@code status = 10} and this order match the partial index {@code run_index_project_success_idx}.
     */
    public Optional<RunRow> latestSuccess(long accountId, long projectId) {
        return jade.withHandle(h -> h.createQuery("SELECT " + RunRow.COLUMNS + """
                         FROM run_index WHERE account_id = ? AND project_id = ? AND status = 10
                          AND finished_at IS NOT NULL AND deleted_at IS NULL
                        ORDER BY finished_at DESC NULLS LAST, id DESC LIMIT 1""")
                .bind(0, accountId).bind(1, projectId).map(ROW).findOne());
    }

    /** The environment's listed run of DAG run {@code (dagId, airflowRunId)}. */
    public Optional<RunRow> find(long environmentId, String dagId, String airflowRunId) {
        return jade.withHandle(h -> h.createQuery("SELECT " + RunRow.COLUMNS + """
                         FROM run_index WHERE environment_id = ? AND dag_id = ? AND run_id = ?
                          AND deleted_at IS NULL""")
                .bind(0, environmentId).bind(1, dagId).bind(2, airflowRunId).map(ROW).findOne());
    }

    /**
     * The environment's listed runs whose Airflow {@code run_id} is {@code airflowRunId} (one per DAG at most; at most
     * two are returned, enough to tell "exactly one").
     */
    public List<RunRow> findByAirflowRunId(long environmentId, String airflowRunId) {
        return jade.withHandle(h -> h.createQuery("SELECT " + RunRow.COLUMNS + """
                         FROM run_index WHERE environment_id = ? AND run_id = ? AND deleted_at IS NULL
                        ORDER BY id LIMIT 2""")
                .bind(0, environmentId).bind(1, airflowRunId).map(ROW).list());
    }

    // ---- what a refresh pass reads ---------------------------------------------------------------------------------

    /**
     * What the index holds of one DAG run: Airflow's data as last written, and whether it is marked deleted.
     *
     * @param dagRun  the data
     * @param deleted true when marked deleted (not listed)
     */
    public record Indexed(DagRunRow dagRun, boolean deleted) {

        /** True when {@code airflow} is what this row already holds (no write needed). */
        public boolean holds(DagRunRow airflow) {
            DagRunRow d = dagRun;
            return !deleted && java.util.Objects.equals(d.dagRunId(), airflow.dagRunId())
                    && d.dagId().equals(airflow.dagId()) && d.airflowRunId().equals(airflow.airflowRunId())
                    && java.util.Objects.equals(d.state(), airflow.state())
                    && java.util.Objects.equals(d.runType(), airflow.runType())
                    && java.util.Objects.equals(d.externalTrigger(), airflow.externalTrigger())
                    && same(d.queuedAt(), airflow.queuedAt()) && same(d.logicalDate(), airflow.logicalDate())
                    && same(d.startedAt(), airflow.startedAt()) && same(d.finishedAt(), airflow.finishedAt())
                    && same(d.updatedAt(), airflow.updatedAt()) && same(d.createdAt(), airflow.createdAt());
        }

        private static boolean same(OffsetDateTime a, OffsetDateTime b) {
            return a == null ? b == null : b != null && a.isEqual(b);
        }
    }

    private static final RowMapper<Indexed> INDEXED = (rs, ctx) -> new Indexed(RunRow.read(rs).dagRun(),
            rs.getBoolean("deleted"));

    /** The environment's listed runs that are not finished (status 1, 2, 3), by Airflow {@code dag_run.id}. */
    public Map<Long, Indexed> unfinished(long environmentId) {
        Map<Long, Indexed> out = new HashMap<>();
        jade.useHandle(h -> h.createQuery("SELECT " + RunRow.COLUMNS + """
                        , false AS deleted FROM run_index
                        WHERE environment_id = ? AND status IN (1, 2, 3) AND dag_run_id IS NOT NULL
                          AND deleted_at IS NULL""")
                .bind(0, environmentId).map(INDEXED).forEach(r -> out.put(r.dagRun().dagRunId(), r)));
        return out;
    }

    /** What the index holds of these DAG runs of the environment, by Airflow {@code dag_run.id} (absent: none). */
    public Map<Long, Indexed> indexed(long environmentId, Collection<Long> dagRunIds) {
        Map<Long, Indexed> out = new HashMap<>();
        if (dagRunIds.isEmpty()) {
            return out;
        }
        jade.useHandle(h -> h.createQuery("SELECT " + RunRow.COLUMNS + """
                        , deleted_at IS NOT NULL AS deleted FROM run_index
                        WHERE environment_id = ? AND dag_run_id = ANY(?)""")
                .bind(0, environmentId).bind(1, dagRunIds.toArray(new Long[0])).map(INDEXED)
                .forEach(r -> out.put(r.dagRun().dagRunId(), r)));
        return out;
    }

    /** The {@code dag_run.id}s of the environment's listed runs in {@code (afterId, upToId]}. */
    public Set<Long> listedDagRunIds(long environmentId, long afterId, long upToId) {
        return new LinkedHashSet<>(jade.withHandle(h -> h.createQuery("""
                        SELECT dag_run_id FROM run_index
                        WHERE environment_id = ? AND dag_run_id > ? AND dag_run_id <= ? AND deleted_at IS NULL""")
                .bind(0, environmentId).bind(1, afterId).bind(2, upToId).mapTo(Long.class).list()));
    }

    // ---- writes ----------------------------------------------------------------------------------------------------

    /**
     * Writes DAG runs as Airflow has them: new ones get a run id (and their DAG a job id when first seen), known ones
     * are updated when their data differs, in batches of {@value #WRITE_BATCH}, each one transaction. A run cancelled
     * through Jade keeps status 30; a run marked deleted is listed again.
     *
     * @return true when a row changed
     */
    public boolean upsert(EnvironmentRow env, Collection<DagRunRow> runs) {
        if (runs.isEmpty()) {
            return false;
        }
        List<DagRunRow> all = List.copyOf(runs);
        boolean changed = false;
        for (int from = 0; from < all.size(); from += WRITE_BATCH) {
            List<DagRunRow> batch = all.subList(from, Math.min(all.size(), from + WRITE_BATCH));
            changed |= jade.inTransaction(h -> {
                lockEnvironment(h, env.id());
                Set<String> dagIds = new LinkedHashSet<>();
                batch.forEach(r -> dagIds.add(r.dagId()));
                boolean c = JobIndexRepository.ensureJobs(h, env, dagIds);
                c |= insert(h, env, batch);
                c |= update(h, env, batch);
                return c;
            });
        }
        return advancing(changed, changed);
    }

    private static boolean insert(Handle h, EnvironmentRow env, List<DagRunRow> runs) {
        PreparedBatch b = h.prepareBatch("""
                INSERT INTO run_index (id, account_id, project_id, environment_id, job_id, dag_id, run_id, dag_run_id,
                                       state, status, run_type, external_trigger, queued_at, logical_date, started_at,
                                       finished_at, updated_at, created_at)
                SELECT coalesce((SELECT i.id FROM imported_run_id i
                                 WHERE i.environment_id = j.environment_id AND i.dag_run_id = CAST(? AS bigint)
                                   AND NOT EXISTS (SELECT 1 FROM run_index x WHERE x.id = i.id)),
                                nextval('run_index_id_seq')),
                       ?, ?, j.environment_id, j.id, j.dag_id, ?, CAST(? AS bigint), CAST(? AS varchar),
                       CAST(? AS smallint), CAST(? AS varchar), CAST(? AS boolean), CAST(? AS timestamptz),
                       CAST(? AS timestamptz), CAST(? AS timestamptz), CAST(? AS timestamptz), CAST(? AS timestamptz),
                       CAST(? AS timestamptz)
                FROM job_index j WHERE j.environment_id = ? AND j.dag_id = ?
                  AND NOT EXISTS (SELECT 1 FROM run_index r
                                  WHERE r.environment_id = j.environment_id AND r.dag_id = j.dag_id AND r.run_id = ?)
                ON CONFLICT (environment_id, dag_id, run_id) DO NOTHING""");
        for (DagRunRow r : runs) {
            b.bindBySqlType(0, r.dagRunId(), Types.BIGINT);
            b.bind(1, env.accountId()).bind(2, env.projectId()).bind(3, r.airflowRunId());
            int i = data(b, 4, r);
            b.bind(i++, env.id()).bind(i++, r.dagId()).bind(i, r.airflowRunId()).add();
        }
        return changed(b.execute());
    }

    private static boolean update(Handle h, EnvironmentRow env, List<DagRunRow> runs) {
        PreparedBatch b = h.prepareBatch("""
                UPDATE run_index r SET dag_run_id = v.dag_run_id, state = v.state,
                       status = CASE WHEN r.cancelled_at IS NOT NULL THEN 30 ELSE v.status END, run_type = v.run_type,
                       external_trigger = v.external_trigger, queued_at = v.queued_at, logical_date = v.logical_date,
                       started_at = v.started_at, finished_at = v.finished_at, updated_at = v.updated_at,
                       created_at = v.created_at, account_id = v.account_id, project_id = v.project_id,
                       deleted_at = NULL
                FROM (SELECT CAST(? AS bigint) AS dag_run_id, CAST(? AS varchar) AS state, CAST(? AS smallint) AS status,
                             CAST(? AS varchar) AS run_type, CAST(? AS boolean) AS external_trigger,
                             CAST(? AS timestamptz) AS queued_at, CAST(? AS timestamptz) AS logical_date,
                             CAST(? AS timestamptz) AS started_at, CAST(? AS timestamptz) AS finished_at,
                             CAST(? AS timestamptz) AS updated_at, CAST(? AS timestamptz) AS created_at,
                             CAST(? AS bigint) AS account_id, CAST(? AS bigint) AS project_id) v
                WHERE r.environment_id = ? AND r.dag_id = ? AND r.run_id = ?
                  AND (r.dag_run_id, r.state, r.status, r.run_type, r.external_trigger, r.queued_at, r.logical_date,
                       r.started_at, r.finished_at, r.updated_at, r.created_at, r.account_id, r.project_id,
                       r.deleted_at)
                      IS DISTINCT FROM
                      (v.dag_run_id, v.state, CASE WHEN r.cancelled_at IS NOT NULL THEN 30 ELSE v.status END,
                       v.run_type, v.external_trigger, v.queued_at, v.logical_date, v.started_at, v.finished_at,
                       v.updated_at, v.created_at, v.account_id, v.project_id, NULL)""");
        for (DagRunRow r : runs) {
            int i = data(b, 0, r);
            b.bind(i++, env.accountId()).bind(i++, env.projectId()).bind(i++, env.id()).bind(i++, r.dagId())
                    .bind(i, r.airflowRunId()).add();
        }
        return changed(b.execute());
    }

    /**
     * Binds dag_run_id, state, status, run_type, external_trigger, queued_at, logical_date, started_at, finished_at,
     * updated_at, created_at from {@code from} on; returns the next argument position.
     */
    private static int data(SqlStatement<?> s, int from, DagRunRow r) {
        int i = from;
        s.bindBySqlType(i++, r.dagRunId(), Types.BIGINT);
        s.bindBySqlType(i++, r.state(), Types.VARCHAR);
        s.bind(i++, RunStatus.of(r.state()));
        s.bindBySqlType(i++, r.runType(), Types.VARCHAR);
        s.bindBySqlType(i++, r.externalTrigger(), Types.BOOLEAN);
        for (OffsetDateTime t : new OffsetDateTime[] {r.queuedAt(), r.logicalDate(), r.startedAt(), r.finishedAt(),
                r.updatedAt(), r.createdAt()}) {
            s.bindBySqlType(i++, t, Types.TIMESTAMP_WITH_TIMEZONE);
        }
        return i;
    }

    /**
     * Marks runs deleted in Airflow (no longer listed or counted; their ids are never handed out again).
     *
     * @return how many runs were marked
     */
    public int markDeleted(long environmentId, Collection<Long> dagRunIds) {
        if (dagRunIds.isEmpty()) {
            return 0;
        }
        int marked = jade.inTransaction(h -> {
            lockEnvironment(h, environmentId);
            return h.createUpdate("""
                            UPDATE run_index SET deleted_at = now()
                            WHERE environment_id = ? AND dag_run_id = ANY(?) AND deleted_at IS NULL""")
                    .bind(0, environmentId).bind(1, dagRunIds.toArray(new Long[0])).execute();
        });
        return advancing(marked, marked > 0);
    }

    /**
     * Records a DAG run just created through Airflow's REST API (queued, manual, externally triggered) and the dbt
     * Cloud trigger that asked for it, keyed like the refresher's rows so whichever writes first, the DAG run keeps
     * one id; the refresher later fills in Airflow's data.
     *
     * @param requestJson the trigger request as JSON (kept in {@code trigger_request})
     * @return the run's id
     */
    public long recordTriggered(JobRow job, String airflowRunId, String cause, String requestJson) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        long id = jade.inTransaction(h -> {
            lockEnvironment(h, job.environmentId());
            h.createUpdate("""
                            INSERT INTO run_index (account_id, project_id, environment_id, job_id, dag_id, run_id,
                                                   state, status, run_type, external_trigger, queued_at, logical_date,
                                                   updated_at, created_at)
                            SELECT j.account_id, j.project_id, j.environment_id, j.id, j.dag_id, ?, 'queued', 1,
                                   'manual', true, ?, ?, ?, ?
                            FROM job_index j WHERE j.id = ?
                              AND NOT EXISTS (SELECT 1 FROM run_index r WHERE r.environment_id = j.environment_id
                                              AND r.dag_id = j.dag_id AND r.run_id = ?)
                            ON CONFLICT (environment_id, dag_id, run_id) DO NOTHING""")
                    .bind(0, airflowRunId).bind(1, now).bind(2, now).bind(3, now).bind(4, now).bind(5, job.id())
                    .bind(6, airflowRunId).execute();
            return h.createQuery("""
                            UPDATE run_index SET trigger_cause = ?, trigger_request = CAST(? AS jsonb)
                            WHERE environment_id = ? AND dag_id = ? AND run_id = ? RETURNING id""")
                    .bind(0, cause).bind(1, requestJson).bind(2, job.environmentId()).bind(3, job.dagId())
                    .bind(4, airflowRunId).mapTo(Long.class).one();
        });
        return advancing(id, true);
    }

    /** Marks the run cancelled through Jade (status 30 from now on); a run already marked keeps its first time. */
    public void markCancelled(RunRow run) {
        jade.useTransaction(h -> {
            lockEnvironment(h, run.environmentId());
            h.createUpdate("UPDATE run_index SET cancelled_at = COALESCE(cancelled_at, now()), status = 30 WHERE id = ?")
                    .bind(0, run.id()).execute();
        });
        generation.advance();
    }

    /** The run's row as Jade holds it now, whether listed or not (for run control, right after a write). */
    public Optional<RunRow> reload(long id) {
        return jade.withHandle(h -> h.createQuery("SELECT " + RunRow.COLUMNS + " FROM run_index WHERE id = ?")
                .bind(0, id).map(ROW).findOne());
    }
}
