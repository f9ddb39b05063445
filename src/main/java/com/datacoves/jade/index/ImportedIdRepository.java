package com.datacoves.jade.index;

import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The dbt Cloud job and run ids imported from the Elixir Jade ({@code imported_job_id}, {@code imported_run_id}) and
 * their effect on the index (docs/migrating-from-elixir.md). The index's own inserts take an imported id when they
 * first see its DAG or DAG run ({@link JobIndexRepository}, {@link RunIndexRepository}); this class adds the imported
 * ids, and rewrites the ids of rows the index had already written with another id.
 *
 * <p>Rule of the rewrite (the imported id wins, because clients stored it while the Elixir Jade served): a row whose
 * (environment, DAG) or (environment, {@code dag_run.id}) has an imported id takes that id; a row that holds an
 * imported id belonging to another DAG or DAG run is first moved to a fresh sequence value. Everything happens in one
 * transaction that holds the index lock of every environment it touches, so readers see the old ids or the new ones,
 * never a mix, and no index pass interleaves.
 */
@Singleton
public class ImportedIdRepository {

    private final Jdbi jade;
    private final IndexGeneration generation;

    /** Uses Jade's database; a rewrite advances {@code generation} (response caches key on it). */
    public ImportedIdRepository(@Named("jade") Jdbi jade, IndexGeneration generation) {
        this.jade = jade;
        this.generation = generation;
    }

    /**
     * An Elixir {@code job_ids} row.
     *
     * @param id            the dbt Cloud job id clients know
     * @param environmentId Datacoves environment id
     * @param dagId         Airflow DAG id
     */
    public record JobId(long id, long environmentId, String dagId) {
    }

    /**
     * An Elixir {@code job_run_ids} row.
     *
     * @param id            the dbt Cloud run id clients know
     * @param environmentId Datacoves environment id
     * @param dagRunId      Airflow's {@code dag_run.id} in that environment's Airflow database
     */
    public record RunId(long id, long environmentId, long dagRunId) {
    }

    /**
     * What adding one batch of imported ids did (or would do).
     *
     * @param added     ids new to Jade
     * @param present   ids Jade already had with the same mapping
     * @param conflicts one line per id that could not be added: its id or its DAG (run) already has another mapping
     */
    public record Added(int added, int present, List<String> conflicts) {
    }

    /**
     * What a rewrite did (or would do).
     *
     * @param jobsRewritten indexed jobs that took their imported id
     * @param jobsMoved     indexed jobs moved off an id that was imported for another DAG
     * @param runsRewritten indexed runs that took their imported id
     * @param runsMoved     indexed runs moved off an id that was imported for another DAG run
     */
    public record Rewrite(int jobsRewritten, int jobsMoved, int runsRewritten, int runsMoved) {
        /** True when no index row changes. */
        public boolean none() {
            return jobsRewritten + jobsMoved + runsRewritten + runsMoved == 0;
        }
    }

    /** True when Jade's database has the tables of imported ids (its migrations include V41). */
    public boolean migrated() {
        return jade.withHandle(h -> h.createQuery("SELECT to_regclass('imported_run_id') IS NOT NULL")
                .mapTo(Boolean.class).one());
    }

    /**
     * Adds imported job ids (or, with {@code write} false, only says what adding them would do).
     *
     * @param rows one page of Elixir rows
     */
    public Added addJobIds(List<JobId> rows, boolean write) {
        Long[] ids = rows.stream().map(JobId::id).toArray(Long[]::new);
        Long[] envs = rows.stream().map(JobId::environmentId).toArray(Long[]::new);
        String[] dags = rows.stream().map(JobId::dagId).toArray(String[]::new);
        return add(write, "job", """
                SELECT v.id, v.environment_id, v.dag_id,
                       EXISTS (SELECT 1 FROM imported_job_id i WHERE i.id = v.id
                               AND i.environment_id = v.environment_id AND i.dag_id = v.dag_id),
                       (SELECT 'id ' || i.id || ' is already imported for environment ' || i.environment_id
                               || ', DAG ' || i.dag_id FROM imported_job_id i
                        WHERE i.id = v.id AND (i.environment_id, i.dag_id) <> (v.environment_id, v.dag_id)),
                       (SELECT 'environment ' || i.environment_id || ', DAG ' || i.dag_id
                               || ' already has imported id ' || i.id FROM imported_job_id i
                        WHERE i.environment_id = v.environment_id AND i.dag_id = v.dag_id AND i.id <> v.id)
                FROM unnest(CAST(? AS bigint[]), CAST(? AS bigint[]), CAST(? AS text[])) AS v(id, environment_id, dag_id)
                """, """
                INSERT INTO imported_job_id (id, environment_id, dag_id)
                SELECT * FROM unnest(CAST(? AS bigint[]), CAST(? AS bigint[]), CAST(? AS text[]))
                ON CONFLICT DO NOTHING RETURNING id""", ids, envs, dags);
    }

    /**
     * Adds imported run ids (or, with {@code write} false, only says what adding them would do).
     *
     * @param rows one page of Elixir rows
     */
    public Added addRunIds(List<RunId> rows, boolean write) {
        Long[] ids = rows.stream().map(RunId::id).toArray(Long[]::new);
        Long[] envs = rows.stream().map(RunId::environmentId).toArray(Long[]::new);
        Long[] dagRuns = rows.stream().map(RunId::dagRunId).toArray(Long[]::new);
        return add(write, "run", """
                SELECT v.id, v.environment_id, v.dag_run_id,
                       EXISTS (SELECT 1 FROM imported_run_id i WHERE i.id = v.id
                               AND i.environment_id = v.environment_id AND i.dag_run_id = v.dag_run_id),
                       (SELECT 'id ' || i.id || ' is already imported for environment ' || i.environment_id
                               || ', dag_run.id ' || i.dag_run_id FROM imported_run_id i
                        WHERE i.id = v.id AND (i.environment_id, i.dag_run_id) <> (v.environment_id, v.dag_run_id)),
                       (SELECT 'environment ' || i.environment_id || ', dag_run.id ' || i.dag_run_id
                               || ' already has imported id ' || i.id FROM imported_run_id i
                        WHERE i.environment_id = v.environment_id AND i.dag_run_id = v.dag_run_id AND i.id <> v.id)
                FROM unnest(CAST(? AS bigint[]), CAST(? AS bigint[]), CAST(? AS bigint[]))
                     AS v(id, environment_id, dag_run_id)
                """, """
                INSERT INTO imported_run_id (id, environment_id, dag_run_id)
                SELECT * FROM unnest(CAST(? AS bigint[]), CAST(? AS bigint[]), CAST(? AS bigint[]))
                ON CONFLICT DO NOTHING RETURNING id""", ids, envs, dagRuns);
    }

    private Added add(boolean write, String what, String classify, String insert, Object a, Object b, Object c) {
        boolean migrated = migrated();
        return jade.inTransaction(h -> {
            int present = 0;
            List<String> conflicts = new ArrayList<>();
            List<Integer> fresh = new ArrayList<>();
            if (migrated) {
                List<Object[]> found = h.createQuery(classify).bind(0, a).bind(1, b).bind(2, c)
                        .map((rs, ctx) -> new Object[] {rs.getLong(1), rs.getBoolean(4), rs.getString(5),
                                rs.getString(6)}).list();
                for (int i = 0; i < found.size(); i++) {
                    Object[] f = found.get(i);
                    if ((Boolean) f[1]) {
                        present++;
                    } else if (f[2] != null || f[3] != null) {
                        conflicts.add(what + " id " + f[0] + ": " + (f[2] != null ? f[2] : f[3]));
                    } else {
                        fresh.add(i);
                    }
                }
            } else {
                for (int i = 0; i < ((Object[]) a).length; i++) {
                    fresh.add(i);
                }
            }
            if (!write || fresh.isEmpty()) {
                return new Added(fresh.size(), present, conflicts);
            }
            Object[] fa = pick((Object[]) a, fresh);
            Object[] fb = pick((Object[]) b, fresh);
            Object[] fc = pick((Object[]) c, fresh);
            Set<Long> inserted = new HashSet<>(h.createQuery(insert).bind(0, fa).bind(1, fb).bind(2, fc)
                    .mapTo(Long.class).list());
            for (Object id : fa) {
                if (!inserted.contains((Long) id)) {
                    // a duplicate inside the same page, or a concurrent import: never silently dropped
                    conflicts.add(what + " id " + id + ": conflicts with another imported row");
                }
            }
            return new Added(inserted.size(), present, conflicts);
        });
    }

    private static Object[] pick(Object[] all, List<Integer> positions) {
        Object[] out = (Object[]) java.lang.reflect.Array.newInstance(all.getClass().getComponentType(), positions.size());
        for (int i = 0; i < positions.size(); i++) {
            out[i] = all[positions.get(i)];
        }
        return out;
    }

    /**
     * What a rewrite would change for these Elixir rows, without writing (for {@code --dry-run}; the rows need not
     * be imported yet).
     */
    public Rewrite previewRewrite(List<JobId> jobs, List<RunId> runs) {
        return jade.withHandle(h -> {
            int jobsRewritten = count(h, """
                    SELECT count(*) FROM job_index j
                    JOIN unnest(CAST(? AS bigint[]), CAST(? AS bigint[]), CAST(? AS text[])) AS v(id, environment_id, dag_id)
                      ON j.environment_id = v.environment_id AND j.dag_id = v.dag_id
                    WHERE j.id <> v.id""", jobs.stream().map(JobId::id).toArray(Long[]::new),
                    jobs.stream().map(JobId::environmentId).toArray(Long[]::new),
                    jobs.stream().map(JobId::dagId).toArray(String[]::new));
            int jobsMoved = count(h, """
                    SELECT count(*) FROM job_index j
                    JOIN unnest(CAST(? AS bigint[]), CAST(? AS bigint[]), CAST(? AS text[])) AS v(id, environment_id, dag_id)
                      ON j.id = v.id
                    WHERE (j.environment_id, j.dag_id) <> (v.environment_id, v.dag_id)""",
                    jobs.stream().map(JobId::id).toArray(Long[]::new),
                    jobs.stream().map(JobId::environmentId).toArray(Long[]::new),
                    jobs.stream().map(JobId::dagId).toArray(String[]::new));
            int runsRewritten = count(h, """
                    SELECT count(DISTINCT v.id) FROM run_index r
                    JOIN unnest(CAST(? AS bigint[]), CAST(? AS bigint[]), CAST(? AS bigint[])) AS v(id, environment_id, dag_run_id)
                      ON r.environment_id = v.environment_id AND r.dag_run_id = v.dag_run_id
                    WHERE r.id <> v.id AND NOT EXISTS (SELECT 1 FROM run_index k WHERE k.id = v.id
                          AND k.environment_id = v.environment_id AND k.dag_run_id = v.dag_run_id)""",
                    runs.stream().map(RunId::id).toArray(Long[]::new),
                    runs.stream().map(RunId::environmentId).toArray(Long[]::new),
                    runs.stream().map(RunId::dagRunId).toArray(Long[]::new));
            int runsMoved = count(h, """
                    SELECT count(*) FROM run_index r
                    JOIN unnest(CAST(? AS bigint[]), CAST(? AS bigint[]), CAST(? AS bigint[])) AS v(id, environment_id, dag_run_id)
                      ON r.id = v.id
                    WHERE NOT (r.environment_id = v.environment_id AND r.dag_run_id IS NOT DISTINCT FROM v.dag_run_id)""",
                    runs.stream().map(RunId::id).toArray(Long[]::new),
                    runs.stream().map(RunId::environmentId).toArray(Long[]::new),
                    runs.stream().map(RunId::dagRunId).toArray(Long[]::new));
            return new Rewrite(jobsRewritten, jobsMoved, runsRewritten, runsMoved);
        });
    }

    private static int count(Handle h, String sql, Object a, Object b, Object c) {
        return h.createQuery(sql).bind(0, a).bind(1, b).bind(2, c).mapTo(Integer.class).one();
    }

    /**
     * Gives every indexed job and run whose DAG or DAG run has an imported id that id, in one transaction (see the
     * class comment). Call after {@link #raiseSequences}, so that moved rows get ids above every imported one.
     */
    public Rewrite rewrite() {
        Rewrite done = jade.inTransaction(h -> {
            // the environments touched, locked in id order (every index writer takes one such lock at a time)
            Set<Long> environments = new TreeSet<>(h.createQuery("""
                    SELECT j.environment_id FROM job_index j JOIN imported_job_id i ON i.id = j.id
                     WHERE (j.environment_id, j.dag_id) <> (i.environment_id, i.dag_id)
                    UNION SELECT i.environment_id FROM imported_job_id i
                     JOIN job_index j ON j.environment_id = i.environment_id AND j.dag_id = i.dag_id WHERE j.id <> i.id
                    UNION SELECT r.environment_id FROM run_index r JOIN imported_run_id i ON i.id = r.id
                     WHERE NOT (r.environment_id = i.environment_id AND r.dag_run_id IS NOT DISTINCT FROM i.dag_run_id)
                    UNION SELECT i.environment_id FROM imported_run_id i
                     JOIN run_index r ON r.environment_id = i.environment_id AND r.dag_run_id = i.dag_run_id
                     WHERE r.id <> i.id""").mapTo(Long.class).list());
            if (environments.isEmpty()) {
                return new Rewrite(0, 0, 0, 0);
            }
            for (long environmentId : environments) {
                JobIndexRepository.lockEnvironment(h, environmentId);
            }
            h.execute("SET CONSTRAINTS run_index_job_id_fkey DEFERRED");
            // jobs holding an id imported for another DAG move to a fresh id, with their runs
            List<Long> blockers = h.createQuery("""
                    SELECT j.id FROM job_index j JOIN imported_job_id i ON i.id = j.id
                    WHERE (j.environment_id, j.dag_id) <> (i.environment_id, i.dag_id) ORDER BY j.id""")
                    .mapTo(Long.class).list();
            for (long old : blockers) {
                long fresh = h.createQuery("SELECT nextval('job_index_id_seq')").mapTo(Long.class).one();
                moveJob(h, old, fresh);
            }
            List<long[]> jobs = h.createQuery("""
                    SELECT j.id, i.id FROM imported_job_id i
                    JOIN job_index j ON j.environment_id = i.environment_id AND j.dag_id = i.dag_id
                    WHERE j.id <> i.id ORDER BY i.id""")
                    .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)}).list();
            for (long[] j : jobs) {
                moveJob(h, j[0], j[1]);
            }
            int runsMoved = h.createUpdate("""
                    UPDATE run_index SET id = nextval('run_index_id_seq')
                    WHERE id IN (SELECT r.id FROM run_index r JOIN imported_run_id i ON i.id = r.id
                                 WHERE NOT (r.environment_id = i.environment_id
                                            AND r.dag_run_id IS NOT DISTINCT FROM i.dag_run_id))""").execute();
            // one row per imported id (a DAG run listed twice, e.g. after an Airflow reset: the listed row first)
            int runsRewritten = h.createUpdate("""
                    UPDATE run_index r SET id = w.new_id
                    FROM (SELECT DISTINCT ON (i.id) x.id AS old_id, i.id AS new_id
                          FROM imported_run_id i
                          JOIN run_index x ON x.environment_id = i.environment_id AND x.dag_run_id = i.dag_run_id
                          WHERE x.id <> i.id AND NOT EXISTS (SELECT 1 FROM run_index t WHERE t.id = i.id)
                          ORDER BY i.id, x.deleted_at NULLS FIRST, x.id) w
                    WHERE r.id = w.old_id""").execute();
            return new Rewrite(jobs.size(), blockers.size(), runsRewritten, runsMoved);
        });
        if (!done.none()) {
            generation.advance();
        }
        return done;
    }

    private static void moveJob(Handle h, long from, long to) {
        h.createUpdate("UPDATE job_index SET id = ? WHERE id = ?").bind(0, to).bind(1, from).execute();
        h.createUpdate("UPDATE run_index SET job_id = ? WHERE job_id = ?").bind(0, to).bind(1, from).execute();
    }

    /**
     * The value the job and run id sequences hand out next.
     *
     * @return {@code [next job id, next run id]}
     */
    public long[] nextIds() {
        return jade.withHandle(h -> new long[] {next(h, "job_index_id_seq"), next(h, "run_index_id_seq")});
    }

    private static long next(Handle h, String sequence) {
        return h.createQuery("SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END FROM " + sequence)
                .mapTo(Long.class).one();
    }

    /**
     * Raises the sequences so that the next ids are at least {@code nextJobId} and {@code nextRunId}; never lowers
     * them.
     *
     * @return the next ids after the change, {@code [job, run]}
     */
    public long[] raiseSequences(long nextJobId, long nextRunId) {
        return jade.inTransaction(h -> {
            raise(h, "job_index_id_seq", nextJobId);
            raise(h, "run_index_id_seq", nextRunId);
            return new long[] {next(h, "job_index_id_seq"), next(h, "run_index_id_seq")};
        });
    }

    private static void raise(Handle h, String sequence, long nextId) {
        // one statement, so that a concurrent nextval (an index pass) cannot be undone by a stale comparison
        h.createQuery("SELECT setval('" + sequence + "', greatest(CAST(? AS bigint), (SELECT CASE WHEN is_called"
                        + " THEN last_value + 1 ELSE last_value END FROM " + sequence + ")), false)")
                .bind(0, nextId).mapTo(Long.class).one();
    }
}
