package com.datacoves.jade.manifests;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Jade's {@code manifests} table (pool {@code default}). "Latest" is by {@code created_at}, then id. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ManifestRepository extends GenericRepository<ManifestRow, Long> {

    /** Columns of {@link ManifestRow}. */
    String COLUMNS = "id, slug, account_id, project_id, environment_id, environment_slug, dag_id, dag_run_id, run_id, "
            + "tag, dbt_schema_version, dbt_version, project_name, node_count, source_count, size_bytes, sha256, "
            + "storage_key, created_at";
    /** Newest first. */
    String NEWEST = " ORDER BY created_at DESC, id DESC LIMIT 1";

    /** Inserts a row and returns it with id and creation time. */
    @Query("""
            INSERT INTO manifests (slug, account_id, project_id, environment_id, environment_slug, dag_id, dag_run_id,
                                   run_id, tag, dbt_schema_version, dbt_version, project_name, node_count,
                                   source_count, size_bytes, sha256, storage_key)
            VALUES (:slug, :accountId, :projectId, :environmentId, :environmentSlug, :dagId, :dagRunId, :runId, :tag,
                    :dbtSchemaVersion, :dbtVersion, :projectName, :nodeCount, :sourceCount, :sizeBytes, :sha256,
                    :storageKey)
            RETURNING""" + " " + COLUMNS)
    ManifestRow insert(UUID slug, long accountId, long projectId, long environmentId, String environmentSlug,
                       @Nullable String dagId, @Nullable Long dagRunId, @Nullable String runId, @Nullable String tag,
                       String dbtSchemaVersion, @Nullable String dbtVersion, @Nullable String projectName,
                       int nodeCount, int sourceCount, long sizeBytes, String sha256, String storageKey);

    /** The manifests linked to a DAG run of an environment. */
    @Query("SELECT " + COLUMNS + " FROM manifests WHERE environment_id = :environmentId AND dag_run_id = :dagRunId")
    List<ManifestRow> findByDagRun(long environmentId, long dagRunId);

    /** Deletes the manifests linked to a DAG run of an environment; returns how many. */
    @Query("DELETE FROM manifests WHERE environment_id = :environmentId AND dag_run_id = :dagRunId")
    int deleteByDagRun(long environmentId, long dagRunId);

    /** The newest manifest of the environment. */
    @Query("SELECT " + COLUMNS + " FROM manifests WHERE environment_id = :environmentId" + NEWEST)
    Optional<ManifestRow> findLatestInEnvironment(long environmentId);

    /** The newest manifest of a DAG of the environment. */
    @Query("SELECT " + COLUMNS + " FROM manifests WHERE environment_id = :environmentId AND dag_id = :dagId" + NEWEST)
    Optional<ManifestRow> findLatestForDag(long environmentId, String dagId);

    /** The newest manifest linked to that DAG run (by dag_id and run_id) of the environment. */
    @Query("SELECT " + COLUMNS + " FROM manifests WHERE environment_id = :environmentId AND dag_id = :dagId"
            + " AND run_id = :runId AND dag_run_id IS NOT NULL" + NEWEST)
    Optional<ManifestRow> findLinked(long environmentId, String dagId, String runId);

    /** The environment's manifest with that tag. */
    @Query("SELECT " + COLUMNS + " FROM manifests WHERE environment_slug = :environmentSlug AND tag = :tag" + NEWEST)
    Optional<ManifestRow> findByTag(String environmentSlug, String tag);

    /** The newest manifest of the project. */
    @Query("SELECT " + COLUMNS + " FROM manifests WHERE project_id = :projectId" + NEWEST)
    Optional<ManifestRow> findLatestInProject(long projectId);

    /** Every manifest of the environment, newest first. */
    @Query("SELECT " + COLUMNS + " FROM manifests WHERE environment_id = :environmentId ORDER BY created_at DESC, id DESC")
    List<ManifestRow> findAllInEnvironment(long environmentId);
}
