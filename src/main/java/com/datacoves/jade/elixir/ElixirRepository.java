package com.datacoves.jade.elixir;

import com.datacoves.jade.index.ImportedIdRepository.JobId;
import com.datacoves.jade.index.ImportedIdRepository.RunId;
import io.micronaut.core.annotation.Nullable;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads of the Elixir Jade's tables, page by page in id order (each page is one read-only statement). Rows with a
 * null key column (the Elixir schema does not forbid them) are read and reported by the caller, never dropped here.
 */
public final class ElixirRepository {

    /** Rows per page. */
    static final int PAGE = 5000;

    private final ElixirDatabase db;

    /** Reads through {@code db}'s read-only connections. */
    public ElixirRepository(ElixirDatabase db) {
        this.db = db;
    }

    /**
     * A {@code job_ids} row; {@code environmentId} or {@code dagId} may be null in a damaged database.
     *
     * @param id            the dbt Cloud job id
     * @param environmentId Datacoves environment id
     * @param dagId         Airflow DAG id
     */
    public record JobIdRow(long id, @Nullable Long environmentId, @Nullable String dagId) {
        /** The row as an imported id, or empty when a key column is null. */
        public Optional<JobId> valid() {
            return environmentId == null || dagId == null ? Optional.empty()
                    : Optional.of(new JobId(id, environmentId, dagId));
        }
    }

    /**
     * A {@code job_run_ids} row.
     *
     * @param id            the dbt Cloud run id
     * @param environmentId Datacoves environment id
     * @param dagRunId      Airflow {@code dag_run.id}
     */
    public record RunIdRow(long id, @Nullable Long environmentId, @Nullable Long dagRunId) {
        /** The row as an imported id, or empty when a key column is null. */
        public Optional<RunId> valid() {
            return environmentId == null || dagRunId == null ? Optional.empty()
                    : Optional.of(new RunId(id, environmentId, dagRunId));
        }
    }

    /**
     * A {@code manifests} row without its {@code content}.
     *
     * @param id              row id (part of an unlinked manifest's object key)
     * @param slug            public uuid, kept by the import
     * @param accountId       Datacoves account id
     * @param projectId       Datacoves project id (null on rows older than the column)
     * @param environmentSlug Datacoves environment slug
     * @param dagId           Airflow DAG id when linked
     * @param dagRunId        Airflow {@code dag_run.id} when linked
     * @param airflowRunId    Airflow {@code run_id} ({@code dag_run_run_id}) when linked
     * @param jobRunId        the dbt Cloud run id when linked; null = unlinked
     * @param tag             tag, or null
     * @param hasContent      whether {@code content} still holds the JSON (the cleaner empties all but the newest
     *                        per DAG)
     * @param insertedAt      upload time, UTC
     */
    public record ManifestRow(long id, @Nullable UUID slug, @Nullable Long accountId, @Nullable Long projectId,
                              @Nullable String environmentSlug, @Nullable String dagId, @Nullable Long dagRunId,
                              @Nullable String airflowRunId, @Nullable Long jobRunId, @Nullable String tag,
                              boolean hasContent, @Nullable OffsetDateTime insertedAt) {
        /** Linked to a DAG run: the Elixir Jade stored it by DAG and run, not by row id. */
        public boolean linked() {
            return jobRunId != null;
        }

        /**
         * The object key the Elixir Jade stored the bytes under: by row id when unlinked; by DAG and run id (every
         * {@code _ : . +} of the run id turned into {@code -}) when linked.
         *
         * @return the key, or null when a part is missing
         */
        public @Nullable String elixirKey() {
            if (accountId == null || environmentSlug == null) {
                return null;
            }
            String base = "accounts/" + accountId + "/environments/" + environmentSlug + "/";
            if (!linked()) {
                return base + "manifests/" + id + "/manifest.json";
            }
            if (airflowRunId == null || dagId == null) {
                return null;
            }
            return base + "dags/" + dagId + "/dag_runs/" + airflowRunId.replaceAll("[_:.+]", "-") + "/manifest.json";
        }
    }

    /**
     * A {@code files} row.
     *
     * @param id              row id
     * @param slug            public uuid, kept by the import
     * @param filename        file name
     * @param environmentSlug Datacoves environment slug
     * @param tag             tag
     * @param path            object key as the Elixir Jade wrote it (with a leading {@code /})
     * @param insertedAt      creation time, UTC
     * @param updatedAt       last replacement, UTC
     */
    public record FileRow(long id, @Nullable UUID slug, @Nullable String filename, @Nullable String environmentSlug,
                          @Nullable String tag, @Nullable String path, @Nullable OffsetDateTime insertedAt,
                          @Nullable OffsetDateTime updatedAt) {
    }

    /** Up to {@link #PAGE} {@code job_ids} rows with an id above {@code afterId}, in id order. */
    public List<JobIdRow> jobIds(long afterId) {
        return db.read(j -> j.withHandle(h -> h.createQuery("""
                        SELECT id, CAST(environment_id AS bigint), dag_id FROM job_ids WHERE id > ? ORDER BY id LIMIT ?""")
                .bind(0, afterId).bind(1, PAGE)
                .map((rs, ctx) -> new JobIdRow(rs.getLong(1), rs.getObject(2, Long.class), rs.getString(3)))
                .list()));
    }

    /** Up to {@link #PAGE} {@code job_run_ids} rows with an id above {@code afterId}, in id order. */
    public List<RunIdRow> runIds(long afterId) {
        return db.read(j -> j.withHandle(h -> h.createQuery("""
                        SELECT id, CAST(environment_id AS bigint), CAST(dag_run_id AS bigint) FROM job_run_ids WHERE id > ? ORDER BY id LIMIT ?""")
                .bind(0, afterId).bind(1, PAGE)
                .map((rs, ctx) -> new RunIdRow(rs.getLong(1), rs.getObject(2, Long.class),
                        rs.getObject(3, Long.class)))
                .list()));
    }

    /**
     * The last value handed out by the sequences of {@code job_ids} and {@code job_run_ids} (0 when never used).
     *
     * @return {@code [job id, run id]}
     */
    public long[] lastIds() {
        return db.read(j -> j.withHandle(h -> h.createQuery("""
                        SELECT coalesce(pg_sequence_last_value(CAST(pg_get_serial_sequence('job_ids', 'id') AS regclass)), 0),
                               coalesce(pg_sequence_last_value(CAST(pg_get_serial_sequence('job_run_ids', 'id') AS regclass)), 0),
                               coalesce((SELECT max(id) FROM job_ids), 0), coalesce((SELECT max(id) FROM job_run_ids), 0)""")
                .map((rs, ctx) -> new long[] {Math.max(rs.getLong(1), rs.getLong(3)),
                        Math.max(rs.getLong(2), rs.getLong(4))}).one()));
    }

    /** Up to {@link #PAGE} {@code manifests} rows (without content) with an id above {@code afterId}. */
    public List<ManifestRow> manifests(long afterId) {
        return db.read(j -> j.withHandle(h -> h.createQuery("""
                        SELECT id, slug, CAST(account_id AS bigint), CAST(project_id AS bigint), environment_slug, dag_id,
                               CAST(dag_run_id AS bigint), dag_run_run_id,
                               job_run_id, tag, content IS NOT NULL AND content <> 'null'::jsonb, inserted_at
                        FROM manifests WHERE id > ? ORDER BY id LIMIT ?""")
                .bind(0, afterId).bind(1, PAGE)
                .map((rs, ctx) -> new ManifestRow(rs.getLong(1), rs.getObject(2, UUID.class),
                        rs.getObject(3, Long.class), rs.getObject(4, Long.class), rs.getString(5), rs.getString(6),
                        rs.getObject(7, Long.class), rs.getString(8), rs.getObject(9, Long.class), rs.getString(10),
                        rs.getBoolean(11), utc(rs.getObject(12, java.time.LocalDateTime.class))))
                .list()));
    }

    /**
     * The id of the newest linked manifest of the same DAG run (by upload time, then id), which is the one whose bytes
     * the shared object holds.
     */
    public long newestOfDagRun(String environmentSlug, long dagRunId) {
        return db.read(j -> j.withHandle(h -> h.createQuery("""
                        SELECT id FROM manifests WHERE environment_slug = ? AND dag_run_id = ? AND job_run_id IS NOT NULL
                        ORDER BY inserted_at DESC, id DESC LIMIT 1""")
                .bind(0, environmentSlug).bind(1, dagRunId).mapTo(Long.class).one()));
    }

    /**
     * The manifest's {@code content} as UTF-8 JSON text, or empty when emptied. The driver holds the value whole;
     * only the few rows the cleaner left are read this way.
     */
    public Optional<byte[]> content(long manifestId) {
        return db.read(j -> j.withHandle(h -> h.createQuery("""
                        SELECT CAST(content AS text) FROM manifests WHERE id = ? AND content IS NOT NULL
                          AND content <> 'null'::jsonb""")
                .bind(0, manifestId).mapTo(String.class).findOne()
                .map(s -> s.getBytes(StandardCharsets.UTF_8))));
    }

    /** Up to {@link #PAGE} {@code files} rows with an id above {@code afterId}, in id order. */
    public List<FileRow> files(long afterId) {
        return db.read(j -> j.withHandle(h -> h.createQuery("""
                        SELECT id, slug, filename, environment_slug, tag, path, inserted_at, updated_at
                        FROM files WHERE id > ? ORDER BY id LIMIT ?""")
                .bind(0, afterId).bind(1, PAGE)
                .map((rs, ctx) -> new FileRow(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6),
                        utc(rs.getObject(7, java.time.LocalDateTime.class)),
                        utc(rs.getObject(8, java.time.LocalDateTime.class))))
                .list()));
    }

    /** Ecto's {@code utc_datetime}: a timestamp without time zone holding UTC. */
    private static OffsetDateTime utc(@Nullable java.time.LocalDateTime t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }
}
