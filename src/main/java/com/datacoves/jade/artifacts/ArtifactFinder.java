package com.datacoves.jade.artifacts;

import com.datacoves.jade.dbtcloud.RunArtifacts;
import com.datacoves.jade.index.RunRow;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds which runs hold artifacts, with one SQL statement per question joining Jade's run index to the manifests or
 * environment files tables — never a loop over runs: the newest run of a job (an Airflow DAG) with an artifact, what a
 * page of runs holds, and which jobs' runs generate docs.
 */
@Singleton
public class ArtifactFinder {

    private static final String BY_MANIFEST = """
            SELECT r.id FROM run_index r
            JOIN manifests m ON m.environment_id = r.environment_id AND m.dag_id = r.dag_id AND m.run_id = r.run_id
            WHERE r.account_id = ? AND r.job_id = ? ORDER BY r.id DESC LIMIT 1""";

    private static final String BY_FILE = """
            SELECT r.id FROM run_index r
            JOIN environment_files f ON f.environment_slug = ? AND f.tag = r.run_id || '-' || ?
            WHERE r.account_id = ? AND r.job_id = ?
            ORDER BY r.id DESC LIMIT 1""";

    /** The file stems that count as a run's dbt artifacts (besides its linked manifest). */
    static final List<String> ARTIFACT_STEMS = List.of("run_results", "catalog", "sources", "manifest");

    private static final String PRESENCE = """
            SELECT x.id,
                   EXISTS (SELECT 1 FROM manifests m
                           WHERE m.environment_id = x.environment_id AND m.dag_id = x.dag_id AND m.run_id = x.run_id)
                   OR EXISTS (SELECT 1 FROM environment_files f, unnest(CAST(? AS text[])) s(stem)
                              WHERE f.environment_slug = x.slug AND f.tag = x.run_id || '-' || s.stem),
                   EXISTS (SELECT 1 FROM environment_files f
                           WHERE f.environment_slug = x.slug AND f.tag = x.run_id || '-catalog'),
                   EXISTS (SELECT 1 FROM environment_files f
                           WHERE f.environment_slug = x.slug AND f.tag = x.run_id || '-sources')
            FROM unnest(CAST(? AS bigint[]), CAST(? AS bigint[]), CAST(? AS text[]), CAST(? AS text[]),
                        CAST(? AS text[])) AS x(id, environment_id, slug, dag_id, run_id)""";

    /**
     * Jobs with a catalog among the newest {@link #DOCS_WINDOW} catalogs of their environment: per environment, the
     * files tagged {@code <run_id>-catalog}, each matched to the indexed DAG runs with that {@code run_id}.
     */
    private static final String JOBS_WITH_DOCS = """
            SELECT DISTINCT r.job_id
            FROM unnest(CAST(? AS bigint[]), CAST(? AS text[])) AS e(environment_id, slug)
            CROSS JOIN LATERAL (SELECT f.tag FROM environment_files f
                                WHERE f.environment_slug = e.slug AND f.tag LIKE '%-catalog'
                                ORDER BY f.inserted_at DESC LIMIT ?) c
            JOIN run_index r ON r.environment_id = e.environment_id AND r.run_id = left(c.tag, -length('-catalog'))
            WHERE r.job_id = ANY(CAST(? AS bigint[]))""";

    /** How many of an environment's newest catalogs are looked at to decide a job's {@code generate_docs}. */
    static final int DOCS_WINDOW = 500;

    private final Jdbi jade;

    /** Uses Jade's database. */
    public ArtifactFinder(@Named("jade") Jdbi jade) {
        this.jade = jade;
    }

    /**
     * @param accountId       the caller's account
     * @param jobId           the dbt Cloud job (DAG) id
     * @param environmentSlug slug of the job's environment (environment files are keyed by slug)
     * @param path            the artifact path
     * @return the id of the newest run of the job holding {@code path}, or empty
     * @throws org.jdbi.v3.core.JdbiException when Jade's database fails
     */
    public Optional<Long> newestRunWith(long accountId, long jobId, String environmentSlug, String path) {
        boolean manifest = path.equals(ArtifactService.MANIFEST);
        String stem = ArtifactService.stem(path);
        if (!manifest && stem == null) {
            return Optional.empty();
        }
        return jade.withHandle(h -> {
            Query q = h.createQuery(manifest ? BY_MANIFEST : BY_FILE);
            int i = 0;
            if (!manifest) {
                q.bind(i++, environmentSlug).bind(i++, stem);
            }
            return q.bind(i++, accountId).bind(i, jobId).mapTo(Long.class).findOne();
        });
    }

    /**
     * What Jade holds for each run of a page: one statement for the whole page.
     *
     * @param runs  the runs (any number; 100 on a page)
     * @param slugs environment slug by environment id (environment files are keyed by slug); a run whose environment
     *              is missing holds only its manifest
     * @return flags by run id ({@link RunArtifacts#NONE} for runs holding nothing)
     * @throws org.jdbi.v3.core.JdbiException when Jade's database fails
     */
    public Map<Long, RunArtifacts> presence(Collection<RunRow> runs, Map<Long, String> slugs) {
        Map<Long, RunArtifacts> out = new HashMap<>();
        if (runs.isEmpty()) {
            return out;
        }
        int n = runs.size();
        Long[] ids = new Long[n];
        Long[] environments = new Long[n];
        String[] envSlugs = new String[n];
        String[] dagIds = new String[n];
        String[] runIds = new String[n];
        int i = 0;
        for (RunRow r : runs) {
            ids[i] = r.id();
            environments[i] = r.environmentId();
            envSlugs[i] = slugs.get(r.environmentId());
            dagIds[i] = r.dagRun().dagId();
            runIds[i] = r.dagRun().airflowRunId();
            i++;
        }
        jade.useHandle(h -> h.createQuery(PRESENCE)
                .bind(0, ARTIFACT_STEMS.toArray(new String[0])).bind(1, ids).bind(2, environments).bind(3, envSlugs)
                .bind(4, dagIds).bind(5, runIds)
                .map((rs, ctx) -> Map.entry(rs.getLong(1),
                        new RunArtifacts(rs.getBoolean(2), rs.getBoolean(3), rs.getBoolean(4))))
                .forEach(e -> out.put(e.getKey(), e.getValue())));
        return out;
    }

    /**
     * The jobs, among {@code jobIds}, one of whose runs has a catalog ({@code <run_id>-catalog}) among the newest
     * {@link #DOCS_WINDOW} of its environment: jobs that generate docs.
     *
     * @param slugs environment slug by environment id, for the environments of the jobs
     * @throws org.jdbi.v3.core.JdbiException when Jade's database fails
     */
    public List<Long> jobsWithDocs(Collection<Long> jobIds, Map<Long, String> slugs) {
        if (jobIds.isEmpty() || slugs.isEmpty()) {
            return List.of();
        }
        Long[] environments = slugs.keySet().toArray(new Long[0]);
        String[] envSlugs = new String[environments.length];
        for (int i = 0; i < environments.length; i++) {
            envSlugs[i] = slugs.get(environments[i]);
        }
        return jade.withHandle(h -> h.createQuery(JOBS_WITH_DOCS).bind(0, environments).bind(1, envSlugs)
                .bind(2, DOCS_WINDOW).bind(3, jobIds.toArray(new Long[0])).mapTo(Long.class).list());
    }
}
