package com.datacoves.jade.index;

import com.datacoves.jade.airflow.DagRow;
import com.datacoves.jade.common.Page;
import com.datacoves.jade.common.PageRequest;
import com.datacoves.jade.datacoves.EnvironmentRow;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.sql.Types;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Jade's {@code job_index} (docs/index.md): reads for the job routes (always account-scoped) and the writes of a
 * refresh pass. Every write transaction first takes the environment's index lock ({@link #lockEnvironment}), so the
 * writers of one environment (a pass, run control) never interleave and never deadlock.
 */
@Singleton
public class JobIndexRepository {

    private static final RowMapper<JobRow> ROW = (rs, ctx) -> JobRow.read(rs);

    private final Jdbi jade;
    private final IndexGeneration generation;

    /** Uses Jade's database; every committed change advances {@code generation} (response caches key on it). */
    public JobIndexRepository(@Named("jade") Jdbi jade, IndexGeneration generation) {
        this.jade = jade;
        this.generation = generation;
    }

    private <T> T advancing(T result, boolean changed) {
        if (changed) {
            generation.advance();
        }
        return result;
    }

    /**
     * Serialises the index writes of one environment: a transaction-scoped PostgreSQL advisory lock (released at
     * commit or rollback), taken first by every transaction that writes {@code job_index} or {@code run_index} rows
     * of the environment.
     */
    static void lockEnvironment(Handle h, long environmentId) {
        h.createQuery("SELECT CAST(pg_advisory_xact_lock(7734, CAST(? % 2147483647 AS integer)) AS text)")
                .bind(0, environmentId).mapTo(String.class).one();
    }

    /** One page of the account's jobs and its total ({@code count(*)}: one row per DAG), from one snapshot. */
    public Page<JobRow> page(JobQuery q, PageRequest page) {
        Conditions c = conditions(q);
        String column = page.orderField().equals("name") ? "lower(dag_id)" : "id";
        return jade.withHandle(h -> c.page(h, JobRow.COLUMNS, "job_index", null, order(column, page), page, ROW));
    }

    private static Conditions conditions(JobQuery q) {
        Conditions c = new Conditions().where("account_id = ?", q.accountId())
                .anyOf("project_id", q.projectIds(), false)
                .anyOf("environment_id", q.environmentIds(), false)
                .anyOf("id", q.ids(), false);
        if (q.nameContains() != null) {
            c.where("dag_id ILIKE ? ESCAPE '\\'", "%" + escapeLike(q.nameContains()) + "%");
        }
        if (q.idAbove() != null) {
            c.where("id > ?", q.idAbove());
        }
        if (q.state() != null) {
            c.where(q.state() == 1 ? "present AND is_active" : "NOT (present AND is_active)");
        }
        return c;
    }

    /** The job with that id when it belongs to the account. */
    public Optional<JobRow> find(long accountId, long id) {
        return jade.withHandle(h -> h.createQuery("SELECT " + JobRow.COLUMNS
                        + " FROM job_index WHERE account_id = ? AND id = ?")
                .bind(0, accountId).bind(1, id).map(ROW).findOne());
    }

    /** The account's jobs with these ids, by id. */
    public Map<Long, JobRow> byIds(long accountId, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return jade.withHandle(h -> h.createQuery("SELECT " + JobRow.COLUMNS
                        + " FROM job_index WHERE account_id = ? AND id = ANY(?)")
                .bind(0, accountId).bind(1, ids.toArray(new Long[0])).map(ROW).list())
                .stream().collect(Collectors.toMap(JobRow::id, Function.identity()));
    }

    /**
     * Writes the environment's DAGs: new ones get a job id, changed ones are updated ({@code indexed_at}: when a field
     * a client sees last changed), DAGs no longer in Airflow are marked not present. Nothing is written for DAGs
     * that did not change.
     *
     * @return true when a row changed
     */
    public boolean upsertDags(EnvironmentRow env, List<DagRow> dags) {
        boolean result = jade.inTransaction(h -> {
            lockEnvironment(h, env.id());
            boolean changed = ensureJobs(h, env, dags.stream().map(DagRow::dagId).toList());
            PreparedBatch update = h.prepareBatch("""
                    UPDATE job_index j SET account_id = v.account_id, project_id = v.project_id,
                           description = v.description, is_active = v.is_active, is_paused = v.is_paused,
                           schedule_interval = v.schedule_interval, timetable_description = v.timetable_description,
                           next_dagrun = v.next_dagrun, tags = v.tags, present = true, indexed_at = now()
                    FROM (SELECT CAST(? AS bigint) AS account_id, CAST(? AS bigint) AS project_id,
                                 CAST(? AS text) AS description, CAST(? AS boolean) AS is_active,
                                 CAST(? AS boolean) AS is_paused, CAST(? AS text) AS schedule_interval,
                                 CAST(? AS text) AS timetable_description, CAST(? AS timestamptz) AS next_dagrun,
                                 CAST(? AS text[]) AS tags) v
                    WHERE j.environment_id = ? AND j.dag_id = ?
                      AND (j.account_id, j.project_id, j.description, j.is_active, j.is_paused, j.schedule_interval,
                           j.timetable_description, j.next_dagrun, j.tags, j.present)
                          IS DISTINCT FROM
                          (v.account_id, v.project_id, v.description, v.is_active, v.is_paused, v.schedule_interval,
                           v.timetable_description, v.next_dagrun, v.tags, true)""");
            for (DagRow d : dags) {
                update.bind(0, env.accountId()).bind(1, env.projectId()).bind(2, d.description())
                        .bind(3, d.active()).bind(4, d.paused()).bind(5, d.schedule())
                        .bind(6, d.timetableDescription())
                        .bindBySqlType(7, d.nextDagrun(), Types.TIMESTAMP_WITH_TIMEZONE)
                        .bind(8, d.tags().toArray(new String[0])).bind(9, env.id()).bind(10, d.dagId()).add();
            }
            changed |= dags.isEmpty() ? false : changed(update.execute());
            changed |= h.createUpdate("""
                            UPDATE job_index SET present = false, indexed_at = now()
                            WHERE environment_id = ? AND present AND NOT (dag_id = ANY(?))""")
                    .bind(0, env.id()).bind(1, dags.stream().map(DagRow::dagId).toArray(String[]::new))
                    .execute() > 0;
            return changed;
        });
        return advancing(result, result);
    }

    /**
     * Creates the job rows of DAGs first seen (also through their runs only); an existing row takes no sequence
     * value ({@code WHERE NOT EXISTS}) and a concurrent writer cannot collide ({@code ON CONFLICT DO NOTHING}). A DAG
     * whose id was imported from the Elixir Jade ({@code imported_job_id}) gets that id, unless another row holds it.
     *
     * @return true when a row was created
     */
    static boolean ensureJobs(Handle h, EnvironmentRow env, Collection<String> dagIds) {
        if (dagIds.isEmpty()) {
            return false;
        }
        PreparedBatch batch = h.prepareBatch("""
                INSERT INTO job_index (id, account_id, project_id, environment_id, dag_id)
                SELECT coalesce((SELECT i.id FROM imported_job_id i WHERE i.environment_id = ? AND i.dag_id = ?
                                   AND NOT EXISTS (SELECT 1 FROM job_index x WHERE x.id = i.id)),
                                nextval('job_index_id_seq')), ?, ?, ?, ? WHERE NOT EXISTS
                  (SELECT 1 FROM job_index WHERE environment_id = ? AND dag_id = ?)
                ON CONFLICT (environment_id, dag_id) DO NOTHING""");
        for (String dagId : dagIds) {
            batch.bind(0, env.id()).bind(1, dagId)
                    .bind(2, env.accountId()).bind(3, env.projectId()).bind(4, env.id()).bind(5, dagId)
                    .bind(6, env.id()).bind(7, dagId).add();
        }
        return changed(batch.execute());
    }

    /** The DAG run each of the environment's jobs took its {@code execute_steps} from, by DAG id (absent: none). */
    public Map<String, Long> stepsSources(long environmentId) {
        Map<String, Long> out = new HashMap<>();
        jade.useHandle(h -> h.createQuery("""
                        SELECT dag_id, steps_dag_run_id FROM job_index
                        WHERE environment_id = ? AND steps_dag_run_id IS NOT NULL""")
                .bind(0, environmentId)
                .map((rs, ctx) -> out.put(rs.getString(1), rs.getLong(2))).forEach(x -> { }));
        return out;
    }

    /**
     * Sets a job's {@code execute_steps} from DAG run {@code dagRunId} (its tasks' dbt commands or task ids), when the
     * steps came from an older run or from this run with other values; true when it changed.
     */
    public boolean updateSteps(long environmentId, String dagId, long dagRunId, List<String> steps) {
        boolean result = jade.inTransaction(h -> {
            lockEnvironment(h, environmentId);
            return h.createUpdate("""
                            UPDATE job_index SET steps_dag_run_id = ?, execute_steps = ?,
                                   indexed_at = CASE WHEN execute_steps IS DISTINCT FROM CAST(? AS text[])
                                                     THEN now() ELSE indexed_at END
                            WHERE environment_id = ? AND dag_id = ?
                              AND (steps_dag_run_id IS NULL OR steps_dag_run_id < ?
                                   OR steps_dag_run_id = ? AND execute_steps IS DISTINCT FROM CAST(? AS text[]))""")
                    .bind(0, dagRunId).bind(1, steps.toArray(new String[0])).bind(2, steps.toArray(new String[0]))
                    .bind(3, environmentId).bind(4, dagId).bind(5, dagRunId).bind(6, dagRunId)
                    .bind(7, steps.toArray(new String[0])).execute() > 0;
        });
        return advancing(result, result);
    }

    static String order(String column, PageRequest page) {
        String dir = page.descending() ? " DESC" : " ASC";
        return column.equals("id") ? "id" + dir : column + dir + " NULLS LAST, id" + dir;
    }

    /** Escapes LIKE wildcards in client text. */
    static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /** True when a batch changed at least one row (a driver may answer "done, count unknown": counted as a change). */
    static boolean changed(int[] counts) {
        for (int n : counts) {
            if (n != 0) {
                return true;
            }
        }
        return false;
    }
}
