package com.datacoves.jade.artifacts;

import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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

    private final DataSource jade;

    public ArtifactFinder(@Named("default") DataSource jade) {
        this.jade = DelegatingDataSource.unwrapDataSource(jade);
    }

    /**
     * @param accountId       the caller's account
     * @param jobId           the dbt Cloud job (DAG) id
     * @param environmentSlug slug of the job's environment (environment files are keyed by slug)
     * @param path            the artifact path
     * @return the id of the newest run of the job holding {@code path}, or empty
     */
    public Optional<Long> newestRunWith(long accountId, long jobId, String environmentSlug, String path) {
        boolean manifest = path.equals(ArtifactService.MANIFEST);
        String stem = ArtifactService.stem(path);
        if (!manifest && stem == null) {
            return Optional.empty();
        }
        try (Connection c = jade.getConnection();
             PreparedStatement s = c.prepareStatement(manifest ? BY_MANIFEST : BY_FILE)) {
            int i = 1;
            if (!manifest) {
                s.setString(i++, environmentSlug);
                s.setString(i++, stem);
            }
            s.setLong(i++, accountId);
            s.setLong(i, jobId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("artifact lookup failed", e);
        }
    }
}
