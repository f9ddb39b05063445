package com.datacoves.jade.elixir;

import com.datacoves.jade.manifests.ManifestFacts;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.jdbi.v3.core.Jdbi;

import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Jade's side of the import of manifests and files: lookups that make it idempotent, and inserts that record the
 * Elixir row they came from ({@code elixir_import}) in the same transaction, so an interrupted import resumes where
 * it stopped.
 */
@Singleton
public class ImportTargetRepository {

    /** {@code elixir_import.source_table} of manifests. */
    public static final String MANIFESTS = "manifests";
    /** {@code elixir_import.source_table} of files. */
    public static final String FILES = "files";

    private final Jdbi jade;

    /** Uses Jade's database. */
    public ImportTargetRepository(@Named("jade") Jdbi jade) {
        this.jade = jade;
    }

    /** True when the Elixir row was imported before (its Jade row was recorded). */
    public boolean imported(String sourceTable, long sourceId) {
        return jade.withHandle(h -> h.createQuery("""
                        SELECT EXISTS (SELECT 1 FROM elixir_import WHERE source_table = ? AND source_id = ?)""")
                .bind(0, sourceTable).bind(1, sourceId).mapTo(Boolean.class).one());
    }

    /** True when a manifest with that slug exists in Jade. */
    public boolean manifestSlugExists(UUID slug) {
        return jade.withHandle(h -> h.createQuery("SELECT EXISTS (SELECT 1 FROM manifests WHERE slug = ?)")
                .bind(0, slug).mapTo(Boolean.class).one());
    }

    /** True when a file with that slug exists in Jade. */
    public boolean fileSlugExists(UUID slug) {
        return jade.withHandle(h -> h.createQuery("SELECT EXISTS (SELECT 1 FROM environment_files WHERE slug = ?)")
                .bind(0, slug).mapTo(Boolean.class).one());
    }

    /** True when the environment already has a manifest with that tag. */
    public boolean tagTaken(String environmentSlug, String tag) {
        return jade.withHandle(h -> h.createQuery("""
                        SELECT EXISTS (SELECT 1 FROM manifests WHERE environment_slug = ? AND tag = ?)""")
                .bind(0, environmentSlug).bind(1, tag).mapTo(Boolean.class).one());
    }

    /**
     * A manifest Jade holds for a DAG run.
     *
     * @param id       Jade's row id
     * @param imported true when it came from the Elixir Jade (an earlier import), false when uploaded to Jade
     */
    public record DagRunManifest(long id, boolean imported) {
    }

    /** Jade's manifests linked to that DAG run of the environment. */
    public List<DagRunManifest> manifestsOfDagRun(long environmentId, long dagRunId) {
        return jade.withHandle(h -> h.createQuery("""
                        SELECT m.id, EXISTS (SELECT 1 FROM elixir_import e
                                             WHERE e.source_table = 'manifests' AND e.target_id = m.id)
                        FROM manifests m WHERE m.environment_id = ? AND m.dag_run_id = ?""")
                .bind(0, environmentId).bind(1, dagRunId)
                .map((rs, ctx) -> new DagRunManifest(rs.getLong(1), rs.getBoolean(2))).list());
    }

    /**
     * A manifest row to insert.
     *
     * @param sourceId        Elixir {@code manifests.id}
     * @param slug            public uuid (the Elixir one)
     * @param accountId       Datacoves account
     * @param projectId       Datacoves project
     * @param environmentId   Datacoves environment id
     * @param environmentSlug Datacoves environment slug
     * @param dagId           Airflow DAG id when linked
     * @param dagRunId        Airflow {@code dag_run.id} when linked
     * @param airflowRunId    Airflow {@code run_id}, or null
     * @param tag             tag, or null
     * @param facts           what the stored bytes are
     * @param storageKey      object key
     * @param createdAt       the Elixir upload time (keeps "newest" answers the same)
     */
    public record NewManifest(long sourceId, UUID slug, long accountId, long projectId, long environmentId,
                              String environmentSlug, @Nullable String dagId, @Nullable Long dagRunId,
                              @Nullable String airflowRunId, @Nullable String tag, ManifestFacts facts,
                              String storageKey, @Nullable OffsetDateTime createdAt) {
    }

    /**
     * Inserts the manifest and its {@code elixir_import} record in one transaction, first deleting the rows
     * {@code replacing} (older imports of the same DAG run: Jade keeps one manifest per DAG run).
     *
     * @return Jade's row id
     */
    public long insertManifest(NewManifest m, List<Long> replacing) {
        return jade.inTransaction(h -> {
            if (!replacing.isEmpty()) {
                h.createUpdate("DELETE FROM manifests WHERE id = ANY(?)")
                        .bind(0, replacing.toArray(new Long[0])).execute();
            }
            long id = h.createQuery("""
                            INSERT INTO manifests (slug, account_id, project_id, environment_id, environment_slug, dag_id,
                                                   dag_run_id, run_id, tag, dbt_schema_version, dbt_version,
                                                   project_name, node_count, source_count, size_bytes, sha256,
                                                   storage_key, created_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, coalesce(?, now()))
                            RETURNING id""")
                    .bind(0, m.slug()).bind(1, m.accountId()).bind(2, m.projectId()).bind(3, m.environmentId())
                    .bind(4, m.environmentSlug()).bindBySqlType(5, m.dagId(), Types.VARCHAR)
                    .bindBySqlType(6, m.dagRunId(), Types.BIGINT).bindBySqlType(7, m.airflowRunId(), Types.VARCHAR)
                    .bindBySqlType(8, m.tag(), Types.VARCHAR).bind(9, m.facts().dbtSchemaVersion())
                    .bindBySqlType(10, m.facts().dbtVersion(), Types.VARCHAR)
                    .bindBySqlType(11, m.facts().projectName(), Types.VARCHAR).bind(12, m.facts().nodeCount())
                    .bind(13, m.facts().sourceCount()).bind(14, m.facts().sizeBytes()).bind(15, m.facts().sha256())
                    .bind(16, m.storageKey()).bindBySqlType(17, m.createdAt(), Types.TIMESTAMP_WITH_TIMEZONE)
                    .mapTo(Long.class).one();
            record(h, MANIFESTS, m.sourceId(), id, m.storageKey());
            return id;
        });
    }

    /**
     * A file row to insert.
     *
     * @param sourceId        Elixir {@code files.id}
     * @param slug            public uuid (the Elixir one)
     * @param environmentSlug Datacoves environment slug
     * @param tag             tag
     * @param filename        file name
     * @param storageKey      object key
     * @param sizeBytes       size in bytes
     * @param sha256          SHA-256, lower-case hex
     * @param insertedAt      Elixir creation time
     * @param updatedAt       Elixir last replacement time
     */
    public record NewFile(long sourceId, UUID slug, String environmentSlug, String tag, String filename,
                          String storageKey, long sizeBytes, String sha256, @Nullable OffsetDateTime insertedAt,
                          @Nullable OffsetDateTime updatedAt) {
    }

    /**
     * Inserts the file row and its {@code elixir_import} record in one transaction.
     *
     * @return Jade's row id
     */
    public long insertFile(NewFile f) {
        return jade.inTransaction(h -> {
            long id = h.createQuery("""
                            INSERT INTO environment_files (slug, environment_slug, tag, filename, storage_key, size_bytes,
                                                           sha256, content_type, inserted_at, updated_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?, NULL, coalesce(?, now()), coalesce(?, ?, now()))
                            RETURNING id""")
                    .bind(0, f.slug()).bind(1, f.environmentSlug()).bind(2, f.tag()).bind(3, f.filename())
                    .bind(4, f.storageKey()).bind(5, f.sizeBytes()).bind(6, f.sha256())
                    .bindBySqlType(7, f.insertedAt(), Types.TIMESTAMP_WITH_TIMEZONE)
                    .bindBySqlType(8, f.updatedAt(), Types.TIMESTAMP_WITH_TIMEZONE)
                    .bindBySqlType(9, f.insertedAt(), Types.TIMESTAMP_WITH_TIMEZONE)
                    .mapTo(Long.class).one();
            record(h, FILES, f.sourceId(), id, f.storageKey());
            return id;
        });
    }

    private static void record(org.jdbi.v3.core.Handle h, String table, long sourceId, long targetId, String key) {
        h.createUpdate("""
                        INSERT INTO elixir_import (source_table, source_id, target_id, storage_key)
                        VALUES (?, ?, ?, ?)""")
                .bind(0, table).bind(1, sourceId).bind(2, targetId).bind(3, key).execute();
    }

    /**
     * Whether Jade's database has its tables at all (false only for a dry run on a database Jade has never
     * migrated: it then holds nothing, and everything would be imported).
     */
    public boolean jadeTablesExist() {
        return jade.withHandle(h -> h.createQuery("""
                        SELECT to_regclass('manifests') IS NOT NULL AND to_regclass('environment_files') IS NOT NULL
                               AND to_regclass('run_index') IS NOT NULL""")
                .mapTo(Boolean.class).one());
    }

    /** Whether the import's tables exist (Jade's database is migrated to V41 or later). */
    public boolean migrated() {
        return jade.withHandle(h -> h.createQuery("SELECT to_regclass('elixir_import') IS NOT NULL")
                .mapTo(Boolean.class).one());
    }
}
