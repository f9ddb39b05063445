package com.datacoves.jade.manifests;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Jade's {@code manifests} table (Jdbi {@code jade}, the read-write pool {@code default}). "Latest" is by
 * {@code created_at}, then id. Every method is one statement; the {@link Handle} variants run in a caller's
 * transaction ({@link #inTransaction}). Database failures surface as Jdbi's {@link org.jdbi.v3.core.JdbiException}.
 */
@Singleton
public class ManifestRepository {

    /** Columns of {@link ManifestRow}. */
    public static final String COLUMNS = "id, slug, account_id, project_id, environment_id, environment_slug, dag_id, "
            + "dag_run_id, run_id, tag, dbt_schema_version, dbt_version, project_name, node_count, source_count, "
            + "size_bytes, sha256, storage_key, created_at";
    /** Newest first. */
    public static final String NEWEST = " ORDER BY created_at DESC, id DESC LIMIT 1";

    private static final RowMapper<ManifestRow> ROW = (rs, ctx) -> new ManifestRow(rs.getLong("id"),
            rs.getObject("slug", UUID.class), rs.getLong("account_id"), rs.getLong("project_id"),
            rs.getLong("environment_id"), rs.getString("environment_slug"), rs.getString("dag_id"),
            rs.getObject("dag_run_id", Long.class), rs.getString("run_id"), rs.getString("tag"),
            rs.getString("dbt_schema_version"), rs.getString("dbt_version"), rs.getString("project_name"),
            rs.getInt("node_count"), rs.getInt("source_count"), rs.getLong("size_bytes"), rs.getString("sha256"),
            rs.getString("storage_key"), rs.getObject("created_at", OffsetDateTime.class));

    private final Jdbi jade;

    /** Uses Jade's database. */
    public ManifestRepository(@Named("jade") Jdbi jade) {
        this.jade = jade;
    }

    /**
     * Inserts a row (in its own transaction) and returns it with id and creation time.
     *
     * @param dagId     the linked DAG, or null
     * @param dagRunId  the linked Airflow {@code dag_run.id}, or null
     * @param sizeBytes size in bytes
     * @throws org.jdbi.v3.core.JdbiException when the insert fails, e.g. the tag is taken in the environment
     *                                        (constraint {@code manifests_environment_tag} in the message)
     */
    public ManifestRow insert(UUID slug, long accountId, long projectId, long environmentId, String environmentSlug,
                              @Nullable String dagId, @Nullable Long dagRunId, @Nullable String runId,
                              @Nullable String tag, String dbtSchemaVersion, @Nullable String dbtVersion,
                              @Nullable String projectName, int nodeCount, int sourceCount, long sizeBytes,
                              String sha256, String storageKey) {
        return jade.withHandle(h -> insert(h, slug, accountId, projectId, environmentId, environmentSlug, dagId,
                dagRunId, runId, tag, dbtSchemaVersion, dbtVersion, projectName, nodeCount, sourceCount, sizeBytes,
                sha256, storageKey));
    }

    /** The public {@code insert} on the caller's handle (so it commits with the caller's other statements). */
    ManifestRow insert(Handle h, UUID slug, long accountId, long projectId, long environmentId,
                       String environmentSlug, @Nullable String dagId, @Nullable Long dagRunId,
                       @Nullable String runId, @Nullable String tag, String dbtSchemaVersion,
                       @Nullable String dbtVersion, @Nullable String projectName, int nodeCount, int sourceCount,
                       long sizeBytes, String sha256, String storageKey) {
        return h.createQuery("""
                        INSERT INTO manifests (slug, account_id, project_id, environment_id, environment_slug, dag_id,
                                               dag_run_id, run_id, tag, dbt_schema_version, dbt_version, project_name,
                                               node_count, source_count, size_bytes, sha256, storage_key)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        RETURNING\s""" + COLUMNS)
                .bind(0, slug).bind(1, accountId).bind(2, projectId).bind(3, environmentId).bind(4, environmentSlug)
                .bindBySqlType(5, dagId, Types.VARCHAR).bindBySqlType(6, dagRunId, Types.BIGINT)
                .bindBySqlType(7, runId, Types.VARCHAR).bindBySqlType(8, tag, Types.VARCHAR)
                .bind(9, dbtSchemaVersion).bindBySqlType(10, dbtVersion, Types.VARCHAR)
                .bindBySqlType(11, projectName, Types.VARCHAR).bind(12, nodeCount).bind(13, sourceCount)
                .bind(14, sizeBytes).bind(15, sha256).bind(16, storageKey)
                .map(ROW).one();
    }

    /** The manifests linked to a DAG run of an environment (in no particular order). */
    public List<ManifestRow> findByDagRun(long environmentId, long dagRunId) {
        return jade.withHandle(h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM manifests WHERE environment_id = ? AND dag_run_id = ?")
                .bind(0, environmentId).bind(1, dagRunId).map(ROW).list());
    }

    /** Deletes the manifests linked to a DAG run of an environment (in its own transaction); returns how many. */
    public int deleteByDagRun(long environmentId, long dagRunId) {
        return jade.withHandle(h -> deleteByDagRun(h, environmentId, dagRunId));
    }

    /** {@link #deleteByDagRun(long, long)} on the caller's handle. */
    int deleteByDagRun(Handle h, long environmentId, long dagRunId) {
        return h.createUpdate("DELETE FROM manifests WHERE environment_id = ? AND dag_run_id = ?")
                .bind(0, environmentId).bind(1, dagRunId).execute();
    }

    /** The newest manifest of the environment. */
    public Optional<ManifestRow> findLatestInEnvironment(long environmentId) {
        return jade.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM manifests WHERE environment_id = ?"
                        + NEWEST)
                .bind(0, environmentId).map(ROW).findOne());
    }

    /** The newest manifest of a DAG of the environment. */
    public Optional<ManifestRow> findLatestForDag(long environmentId, String dagId) {
        return jade.withHandle(h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM manifests WHERE environment_id = ? AND dag_id = ?" + NEWEST)
                .bind(0, environmentId).bind(1, dagId).map(ROW).findOne());
    }

    /** The newest manifest linked to that DAG run (by dag_id and run_id) of the environment. */
    public Optional<ManifestRow> findLinked(long environmentId, String dagId, String runId) {
        return jade.withHandle(h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM manifests WHERE environment_id = ? AND dag_id = ? AND run_id = ?"
                        + " AND dag_run_id IS NOT NULL" + NEWEST)
                .bind(0, environmentId).bind(1, dagId).bind(2, runId).map(ROW).findOne());
    }

    /** The environment's manifest with that tag. */
    public Optional<ManifestRow> findByTag(String environmentSlug, String tag) {
        return jade.withHandle(h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM manifests WHERE environment_slug = ? AND tag = ?" + NEWEST)
                .bind(0, environmentSlug).bind(1, tag).map(ROW).findOne());
    }

    /** The newest manifest of the project. */
    public Optional<ManifestRow> findLatestInProject(long projectId) {
        return jade.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM manifests WHERE project_id = ?"
                        + NEWEST)
                .bind(0, projectId).map(ROW).findOne());
    }

    /** Every manifest of the environment, newest first. */
    public List<ManifestRow> findAllInEnvironment(long environmentId) {
        return jade.withHandle(h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM manifests WHERE environment_id = ? ORDER BY created_at DESC, id DESC")
                .bind(0, environmentId).map(ROW).list());
    }

    /**
     * Runs {@code work} in one transaction of Jade's database: committed when it returns, rolled back when it throws.
     *
     * @return what {@code work} returns
     */
    <R> R inTransaction(HandleCallback<R, RuntimeException> work) {
        return jade.inTransaction(work);
    }

    // ---- retention (ManifestRetention) -----------------------------------------------------------------------------

    /**
     * Deletes, in one transaction, up to {@code limit} untagged rows beyond the {@code keep} newest (by created_at,
     * then id) of their (environment, DAG) — rows without a DAG form one group per environment — oldest ids first.
     * Tagged rows are never deleted and do not count.
     *
     * @return the deleted rows' storage keys (one per row, duplicates possible); committed when this returns
     */
    public List<String> deleteBeyondNewest(int keep, int limit) {
        return jade.inTransaction(h -> h.createQuery("""
                        DELETE FROM manifests WHERE id IN (
                            SELECT id FROM (
                                SELECT id, row_number() OVER (PARTITION BY environment_id, dag_id
                                                              ORDER BY created_at DESC, id DESC) AS newest
                                FROM manifests WHERE tag IS NULL) ranked
                            WHERE newest > ? ORDER BY id LIMIT ?)
                        RETURNING storage_key""")
                .bind(0, keep).bind(1, limit).mapTo(String.class).list());
    }

    /** True when a row (any environment) stores its manifest under that object key. */
    public boolean storageKeyInUse(String storageKey) {
        return jade.withHandle(h -> h.createQuery("SELECT EXISTS (SELECT 1 FROM manifests WHERE storage_key = ?)")
                .bind(0, storageKey).mapTo(Boolean.class).one());
    }
}
