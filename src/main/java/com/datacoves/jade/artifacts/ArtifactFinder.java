package com.datacoves.jade.artifacts;

import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

import java.util.Optional;

/**
 * Finds the newest run of a job (an Airflow DAG) that has an artifact, with one SQL statement joining Jade's run
 * index to the manifests or environment files tables — never a loop over runs.
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
}
