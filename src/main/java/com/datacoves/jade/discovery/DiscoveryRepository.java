package com.datacoves.jade.discovery;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.jdbi.v3.core.Jdbi;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Writes of the Discovery API's tables (V50__discovery.sql): node sets from manifests, run results and applied state,
 * catalog entries, freshness checks and the extraction log. Each artifact's rows go by one COPY ({@link CopyRows});
 * what an artifact changes becomes visible at once (one COPY, or one transaction); readers never see a half-loaded
 * node set (it becomes current in one transaction).
 */
@Singleton
public class DiscoveryRepository {

    private final Jdbi jade;

    /** Over Jade's own database. */
    public DiscoveryRepository(@Named("jade") Jdbi jade) {
        this.jade = jade;
    }

    /** Starts a node set (not current yet) and returns its id. */
    long beginSet(long environmentId, String dagScope, @Nullable String airflowRunId, @Nullable Long runId,
                  @Nullable Long jobId) {
        return jade.withHandle(h -> h.createUpdate("""
                        INSERT INTO discovery_manifests (environment_id, dag_scope, airflow_run_id, run_id, job_id)
                        VALUES (:env, :scope, :airflowRunId, :runId, :jobId)""")
                .bind("env", environmentId).bind("scope", dagScope).bind("airflowRunId", airflowRunId)
                .bind("runId", runId).bind("jobId", jobId)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
    }

    /** Columns of {@code discovery_nodes} that {@link #copyNodes} fills, in its order. */
    private static final List<String> NODE_COLUMNS = List.of("manifest_id", "unique_id", "resource_type", "name",
            "description", "package_name", "file_path", "patch_path", "database_name", "schema_name", "alias",
            "identifier", "relation_name", "source_name", "source_description", "loader", "materialized_type",
            "language", "access", "group_name", "version", "latest_version", "contract_enforced", "tags", "fqn",
            "depends_on", "depends_on_macros", "meta", "config", "columns", "raw_code", "compiled_code", "column_name",
            "test_metadata", "attached_node", "freshness_criteria", "details", "body_digest", "config_digest",
            "relation_digest", "description_digest", "contract_digest", "content_digest");

    /**
     * Something that reads an artifact and hands each item to a sink; what it returns is passed back.
     *
     * @param <S> the sink type (one per artifact reader)
     * @param <R> what the reader returns (its metadata)
     */
    @FunctionalInterface
    interface Feed<S, R> {
        /** Reads to the end, calling the sink once per item. */
        R into(S sink) throws IOException;
    }

    /**
     * What a load wrote.
     *
     * @param result what the feed returned
     * @param rows   rows written (items whose unique id came again are written once, the first time)
     */
    record Loaded<R>(R result, long rows) {
    }

    /**
     * Streams a manifest's nodes into a set being loaded, with one COPY while the feed reads the manifest. A unique id
     * that comes twice keeps its first definition.
     *
     * @throws IOException when the feed fails or PostgreSQL refuses a row (then no node of this call is stored)
     */
    Loaded<ManifestReader.Metadata> copyNodes(long setId, Feed<ManifestReader.Sink, ManifestReader.Metadata> feed)
            throws IOException {
        return jade.withHandle(h -> {
            try (CopyRows copy = CopyRows.open(h, "discovery_nodes", NODE_COLUMNS)) {
                Set<String> seen = new HashSet<>();
                ManifestReader.Metadata metadata = feed.into((n, state) -> {
                    if (seen.add(n.uniqueId())) {
                        copy.row(setId, n.uniqueId(), n.resourceType(), n.name(), n.description(), n.packageName(),
                                n.filePath(), n.patchPath(), n.database(), n.schema(), n.alias(), n.identifier(),
                                n.relationName(), n.sourceName(), n.sourceDescription(), n.loader(),
                                n.materializedType(), n.language(), n.access(), n.group(), n.version(),
                                n.latestVersion(), n.contractEnforced(), n.tags(), n.fqn(), n.dependsOn(),
                                n.dependsOnMacros(), n.metaJson(), n.configJson(), n.columnsJson(), n.rawCode(),
                                n.compiledCode(), n.columnName(), n.testMetadataJson(), n.attachedNode(),
                                n.freshnessJson(), n.detailsJson(), state.body(), state.configs(), state.relation(),
                                state.descriptions(), state.contract(), state.content());
                    }
                });
                long rows = copy.finish();
                return new Loaded<>(metadata, rows);
            }
        });
    }

    /**
     * Makes a loaded set the current one of its environment and DAG scope, dropping the previous one, in one
     * transaction. The previous set's state digests become the new set's baseline (what {@code state:} compares
     * with, docs/discovery.md): when both come from the same dbt invocation (the same manifest extracted again), the
     * previous set's own baseline is carried over instead, so that re-extracting a manifest does not make it its own
     * baseline.
     */
    void commitSet(long setId, long environmentId, String dagScope, ManifestReader.Metadata m, int nodeCount) {
        jade.useTransaction(h -> {
            Optional<PreviousSet> previous = h.createQuery("""
                            SELECT id, invocation_id, baseline_status, baseline_generated_at, generated_at
                            FROM discovery_manifests
                            WHERE environment_id = :env AND dag_scope = :scope AND is_current FOR UPDATE""")
                    .bind("env", environmentId).bind("scope", dagScope)
                    .map((rs, ctx) -> new PreviousSet(rs.getLong("id"), rs.getString("invocation_id"),
                            rs.getString("baseline_status"),
                            rs.getObject("baseline_generated_at", OffsetDateTime.class),
                            rs.getObject("generated_at", OffsetDateTime.class))).findOne();
            String status = "none";
            OffsetDateTime baselineGeneratedAt = null;
            if (previous.isPresent()) {
                PreviousSet p = previous.get();
                // where the new set's baseline digests come from: the outgoing set's baseline, or its own nodes
                String copyFrom;
                boolean sameInvocation = m.invocationId() != null && m.invocationId().equals(p.invocationId());
                String previousStatus = p.baselineStatus();
                if (sameInvocation) {
                    status = previousStatus == null ? "undigested" : previousStatus;
                    baselineGeneratedAt = p.baselineGeneratedAt();
                    copyFrom = "discovery_node_baselines WHERE environment_id = :env AND manifest_id = :previous";
                } else {
                    // a set committed before this version has no digests (its status is NULL)
                    status = previousStatus == null ? "undigested" : "kept";
                    baselineGeneratedAt = p.generatedAt();
                    copyFrom = "discovery_nodes WHERE manifest_id = :previous";
                }
                if (status.equals("kept")) {
                    h.createUpdate("INSERT INTO discovery_node_baselines SELECT :env, :id, " + BASELINE_COLUMNS
                                    + " FROM " + copyFrom)
                            .bind("env", environmentId).bind("id", setId).bind("previous", p.id()).execute();
                }
                h.createUpdate("DELETE FROM discovery_manifests WHERE id = :previous")
                        .bind("previous", p.id()).execute();
            }
            // the outgoing set's baseline, and any a replica of an earlier version left when it deleted a set
            h.createUpdate("""
                            DELETE FROM discovery_node_baselines WHERE environment_id = :env
                              AND manifest_id NOT IN (SELECT id FROM discovery_manifests WHERE environment_id = :env)""")
                    .bind("env", environmentId).execute();
            h.createUpdate("""
                            UPDATE discovery_manifests SET is_current = true, project_name = :projectName,
                                adapter_type = :adapterType, dbt_version = :dbtVersion, invocation_id = :invocationId,
                                generated_at = :generatedAt, selectors = CAST(:selectorsJson AS jsonb),
                                node_count = :count, extracted_at = now(), baseline_status = :status,
                                baseline_generated_at = :baselineGeneratedAt
                            WHERE id = :id""")
                    .bindMethods(m).bind("count", nodeCount).bind("id", setId).bind("status", status)
                    .bind("baselineGeneratedAt", baselineGeneratedAt).execute();
        });
    }

    /** The current set a commit replaces. */
    private record PreviousSet(long id, @Nullable String invocationId, @Nullable String baselineStatus,
                               @Nullable OffsetDateTime baselineGeneratedAt, @Nullable OffsetDateTime generatedAt) {
    }

    /**
     * Columns of {@code discovery_node_baselines} after {@code environment_id} and {@code manifest_id}, as
     * {@code discovery_nodes} names them.
     */
    private static final String BASELINE_COLUMNS = "unique_id, resource_type, body_digest, config_digest,"
            + " relation_digest, description_digest, contract_digest, content_digest";

    /** Drops a set (a failed load) and, with it, its nodes. */
    void dropSet(long setId) {
        jade.useHandle(h -> h.createUpdate("DELETE FROM discovery_manifests WHERE id = :id AND NOT is_current")
                .bind("id", setId).execute());
    }

    /** Drops sets of the environment left half-loaded for over an hour (a process stopped mid-load). */
    void dropAbandonedSets(long environmentId) {
        jade.useHandle(h -> h.createUpdate("""
                        DELETE FROM discovery_manifests WHERE environment_id = :env AND NOT is_current
                        AND extracted_at < now() - interval '1 hour'""")
                .bind("env", environmentId).execute());
    }

    /** Columns of a result, as the run's results are loaded before its own columns are known. */
    private static final List<String> RESULT_COLUMNS = List.of("unique_id", "status", "error", "failures",
            "thread_id", "compile_started_at", "compile_completed_at", "execute_started_at", "execute_completed_at",
            "execution_time");

    /**
     * Stores the results of one run (replacing any earlier upload of the same run's results) and folds them into
     * the applied state, in one transaction: a result replaces a node's last attempt when it is at least as new, and
     * its last success when it succeeded ({@code success} or {@code pass}) and is at least as new. A unique id that
     * comes twice keeps its first result. The results are COPYed into a temporary table while the feed reads the
     * file, and moved into {@code discovery_run_results} with the run's own columns once the file has ended (dbt writes
     * {@code elapsed_time} and {@code args} after the results): nothing of the file is held in memory. When the
     * summary says the command executes nothing ({@link RunResultsReader.Summary#executes()}), nothing is stored.
     *
     * @param fallbackTime the results' time when the file has no {@code metadata.generated_at}
     * @return the file's summary, and the rows stored (0 when nothing was)
     * @throws IOException when the feed fails or PostgreSQL refuses a row (then nothing of this run is stored)
     */
    Loaded<RunResultsReader.Summary> storeRunResults(long environmentId, String airflowRunId, @Nullable String dagId,
                                                     @Nullable Long runId, @Nullable Long jobId,
                                                     OffsetDateTime fallbackTime,
                                                     Feed<RunResultsReader.Sink, RunResultsReader.Summary> feed)
            throws IOException {
        return jade.inTransaction(h -> {
            String own = String.join(", ", RESULT_COLUMNS);
            h.execute("CREATE TEMPORARY TABLE discovery_run_results_load ON COMMIT DROP AS SELECT " + own
                    + " FROM discovery_run_results WITH NO DATA");
            RunResultsReader.Summary summary;
            long rows;
            try (CopyRows copy = CopyRows.open(h, "discovery_run_results_load", RESULT_COLUMNS)) {
                Set<String> seen = new HashSet<>();
                summary = feed.into(r -> {
                    if (seen.add(r.uniqueId())) {
                        copy.row(r.uniqueId(), r.status(), r.error(), r.failures(), r.threadId(),
                                r.compileStartedAt(), r.compileCompletedAt(), r.executeStartedAt(),
                                r.executeCompletedAt(), r.executionTime());
                    }
                });
                rows = copy.finish();
            }
            if (!summary.executes()) {
                return new Loaded<>(summary, 0L); // the loaded rows go with the temporary table
            }
            h.createUpdate("DELETE FROM discovery_run_results WHERE environment_id = :env AND airflow_run_id = :run")
                    .bind("env", environmentId).bind("run", airflowRunId).execute();
            h.createUpdate("INSERT INTO discovery_run_results (environment_id, airflow_run_id, dag_id, run_id, job_id,"
                            + " invocation_id, run_elapsed_time, generated_at, " + own + ") SELECT :env, :run, :dag,"
                            + " :runId, :jobId, :invocation, :elapsed, :generatedAt, " + own
                            + " FROM discovery_run_results_load")
                    .bind("env", environmentId).bind("run", airflowRunId).bind("dag", dagId).bind("runId", runId)
                    .bind("jobId", jobId).bind("invocation", summary.invocationId())
                    .bind("elapsed", summary.elapsedTime())
                    .bind("generatedAt", summary.generatedAt() == null ? fallbackTime : summary.generatedAt())
                    .execute();
            h.createUpdate(APPLIED_UPSERT).bind("env", environmentId).bind("run", airflowRunId).execute();
            return new Loaded<>(summary, rows);
        });
    }

    /** Folds one run's stored results ({@code :env}, {@code :run}) into {@code discovery_applied}. */
    private static final String APPLIED_UPSERT = """
            INSERT INTO discovery_applied AS a (environment_id, unique_id, last_airflow_run_id, last_run_id,
                last_job_id, last_status, last_error, last_failures, last_generated_at, success_run_id,
                success_job_id, success_generated_at, compile_started_at, compile_completed_at, execute_started_at,
                execute_completed_at, execution_time, run_elapsed_time)
            SELECT r.environment_id, r.unique_id, r.airflow_run_id, r.run_id, r.job_id, r.status, r.error, r.failures,
                r.generated_at, CASE WHEN r.ok THEN r.run_id END, CASE WHEN r.ok THEN r.job_id END,
                CASE WHEN r.ok THEN r.generated_at END, CASE WHEN r.ok THEN r.compile_started_at END,
                CASE WHEN r.ok THEN r.compile_completed_at END, CASE WHEN r.ok THEN r.execute_started_at END,
                CASE WHEN r.ok THEN r.execute_completed_at END, CASE WHEN r.ok THEN r.execution_time END,
                CASE WHEN r.ok THEN r.run_elapsed_time END
            FROM (SELECT *, coalesce(status IN ('success', 'pass'), false) AS ok FROM discovery_run_results
                  WHERE environment_id = :env AND airflow_run_id = :run) r
            ON CONFLICT (environment_id, unique_id) DO UPDATE SET
            """ + String.join(",\n", lastColumns()) + ",\n" + String.join(",\n", successColumns());

    private static List<String> lastColumns() {
        return java.util.stream.Stream.of("last_airflow_run_id", "last_run_id", "last_job_id", "last_status",
                        "last_error", "last_failures", "last_generated_at")
                .map(c -> c + " = CASE WHEN EXCLUDED.last_generated_at >= a.last_generated_at THEN EXCLUDED." + c
                        + " ELSE a." + c + " END").toList();
    }

    private static List<String> successColumns() {
        // success_generated_at last, so that the others still compare against the old value
        return java.util.stream.Stream.of("success_run_id", "success_job_id", "compile_started_at",
                        "compile_completed_at", "execute_started_at", "execute_completed_at", "execution_time",
                        "run_elapsed_time", "success_generated_at")
                .map(c -> c + " = CASE WHEN EXCLUDED.success_generated_at IS NOT NULL AND (a.success_generated_at"
                        + " IS NULL OR EXCLUDED.success_generated_at >= a.success_generated_at) THEN EXCLUDED." + c
                        + " ELSE a." + c + " END").toList();
    }

    /** Columns of {@code discovery_catalog} an entry fills, besides its unique id and the run columns. */
    private static final List<String> CATALOG_COLUMNS = List.of("table_type", "owner", "comment", "columns", "stats");
    /** Columns of {@code discovery_freshness} a check fills, besides its unique id and the run columns. */
    private static final List<String> FRESHNESS_COLUMNS = List.of("status", "error", "max_loaded_at",
            "snapshotted_at", "age_seconds", "criteria");

    /**
     * Loads a catalog's entries and upserts them ({@link #upsertLatest}): an entry replaces a
     * node's when the catalog is at least as new. The entries are COPYed while the feed reads the catalog; the
     * catalog's time is what the feed returns (its {@code metadata.generated_at}), or {@code fallbackTime}. A unique
     * id that comes twice keeps its first entry.
     *
     * @return the catalog's time and the entries written
     * @throws IOException when the feed fails or PostgreSQL refuses an entry (then nothing is stored)
     */
    Loaded<OffsetDateTime> upsertCatalog(long environmentId, @Nullable String airflowRunId, @Nullable Long runId,
                                         @Nullable Long jobId, OffsetDateTime fallbackTime,
                                         Feed<CatalogReader.Sink, OffsetDateTime> feed) throws IOException {
        return upsertLatest("discovery_catalog", CATALOG_COLUMNS, "", new RunColumns(environmentId, airflowRunId,
                runId, jobId, fallbackTime), (copy, seen) -> feed.into(e -> {
                    if (seen.add(e.uniqueId())) {
                        copy.row(e.uniqueId(), e.tableType(), e.owner(), e.comment(), e.columnsJson(), e.statsJson());
                    }
                }));
    }

    /**
     * Stores freshness checks the same way as {@link #upsertCatalog}: a check replaces a
     * source's when it is at least as new. A unique id that comes twice keeps its first check. A check from a newer
     * sources.json keeps the {@code max_loaded_at} of the one it replaces as {@code previous_max_loaded_at} (what
     * {@code source_status:fresher} compares, docs/discovery.md "Lineage selection"); the same sources.json stored
     * again leaves it as it was. The checks are COPYed while the feed reads the file; its time is what the feed
     * returns (its {@code metadata.generated_at}), or {@code fallbackTime}.
     *
     * @return the file's time and the checks written
     * @throws IOException when the feed fails or PostgreSQL refuses a check (then nothing is stored)
     */
    Loaded<OffsetDateTime> upsertFreshness(long environmentId, @Nullable String airflowRunId, @Nullable Long runId,
                                           @Nullable Long jobId, OffsetDateTime fallbackTime,
                                           Feed<SourcesReader.Sink, OffsetDateTime> feed) throws IOException {
        return upsertLatest("discovery_freshness", FRESHNESS_COLUMNS,
                "previous_max_loaded_at = CASE WHEN EXCLUDED.generated_at > t.generated_at THEN t.max_loaded_at"
                        + " ELSE t.previous_max_loaded_at END, ",
                new RunColumns(environmentId, airflowRunId, runId, jobId, fallbackTime), (copy, seen) -> feed.into(c -> {
                    if (seen.add(c.uniqueId())) {
                        copy.row(c.uniqueId(), c.status(), c.error(), c.maxLoadedAt(), c.snapshottedAt(),
                                c.ageSeconds(), c.criteriaJson());
                    }
                }));
    }

    /**
     * Writes the rows of one load as its file is read (the unique id, then the table's own columns, in order; a
     * unique id already in {@code seen} is skipped) and returns the file's time, or null when the file has none.
     */
    @FunctionalInterface
    private interface LoadRows {
        @Nullable
        OffsetDateTime write(CopyRows copy, Set<String> seen) throws IOException;
    }

    /**
     * The run an upserted row came from.
     *
     * @param fallbackTime the rows' time when their file has none
     */
    private record RunColumns(long environmentId, @Nullable String airflowRunId, @Nullable Long runId,
                              @Nullable Long jobId, OffsetDateTime fallbackTime) {
    }

    /**
     * Upserts into a table holding the latest row per node ({@code discovery_catalog}, {@code discovery_freshness}:
     * {@code (environment_id, unique_id)}, the table's own columns, the run columns and {@code generated_at}), in one
     * transaction. The rows are COPYed into a temporary table shaped like the target while the file is read, then
     * merged in one statement: a row replaces a node's when its file's time ({@code generated_at}, known at the end of
     * a catalog) is at least as new.
     *
     * @param keep assignments ({@code column = expression, }) the update makes before the table's own columns, with
     *             {@code t} the row being replaced; empty for none
     * @return the file's time (or the run's fallback time) and the rows written
     * @throws IOException when reading fails or PostgreSQL refuses a row (then nothing is stored)
     */
    private Loaded<OffsetDateTime> upsertLatest(String table, List<String> columns, String keep, RunColumns run,
                                                LoadRows rows) throws IOException {
        return jade.inTransaction(h -> {
            String load = table + "_load";
            String own = String.join(", ", columns);
            h.execute("CREATE TEMPORARY TABLE " + load + " ON COMMIT DROP AS SELECT unique_id, " + own + " FROM "
                    + table + " WITH NO DATA");
            long written;
            OffsetDateTime read;
            List<String> loaded = new java.util.ArrayList<>(List.of("unique_id"));
            loaded.addAll(columns);
            try (CopyRows copy = CopyRows.open(h, load, loaded)) {
                read = rows.write(copy, new HashSet<>());
                written = copy.finish();
            }
            OffsetDateTime generatedAt = read == null ? run.fallbackTime() : read;
            StringBuilder set = new StringBuilder(keep);
            for (String c : columns) {
                set.append(c).append(" = EXCLUDED.").append(c).append(", ");
            }
            h.createUpdate("INSERT INTO " + table + " AS t (environment_id, unique_id, " + own
                            + ", airflow_run_id, run_id, job_id, generated_at)"
                            + " SELECT :env, unique_id, " + own + ", :run, :runId, :jobId, :generatedAt FROM " + load
                            + " ON CONFLICT (environment_id, unique_id) DO UPDATE SET " + set
                            + "airflow_run_id = EXCLUDED.airflow_run_id, run_id = EXCLUDED.run_id,"
                            + " job_id = EXCLUDED.job_id, generated_at = EXCLUDED.generated_at"
                            + " WHERE EXCLUDED.generated_at >= t.generated_at")
                    .bind("env", run.environmentId()).bind("run", run.airflowRunId()).bind("runId", run.runId())
                    .bind("jobId", run.jobId()).bind("generatedAt", generatedAt).execute();
            return new Loaded<>(generatedAt, written);
        });
    }

    /** Rows a load must write before {@link #refreshPlannerData} does anything. */
    static final int REFRESH_AFTER_ROWS = 1000;

    /**
     * After a large load ({@link #REFRESH_AFTER_ROWS} rows or more), brings the planner's view of the tables the
     * artifact wrote up to date at once, outside any transaction. Queries run seconds after a bulk extraction, long
     * before autovacuum gets to the tables:
     * <ul>
     *   <li>with stale statistics PostgreSQL planned a job's 21,739 models as a nested loop over 236 million rows
     *       (66 s) instead of hash joins (0.17 s);</li>
     *   <li>a page of models reads its ids from the index on {@code (manifest_id, resource_type, unique_id)}, which
     *       PostgreSQL only uses as an index-only scan once a VACUUM has marked the new rows' pages all-visible:
     *       without it, a page at offset 10,000 of 21,739 models scanned the whole table (151 ms against 17 ms).</li>
     * </ul>
     * Statistics cover only the columns queries select, join or sort rows by. All columns took: for
     * {@code discovery_nodes} 1.0 s for 50,000 nodes (these 0.3 s); for {@code discovery_run_results} (46,414 rows)
     * with {@code discovery_applied} 0.60-0.88 s (these 0.22-0.29 s); for {@code discovery_catalog} (28,421 entries)
     * 0.21-0.22 s (these 0.06 s).
     *
     * @param artifact {@code manifest}, {@code run_results}, {@code catalog} or {@code sources}
     * @param rows     rows the load wrote
     */
    void refreshPlannerData(String artifact, long rows) {
        if (rows < REFRESH_AFTER_ROWS) {
            return;
        }
        String sql = switch (artifact) {
            case "manifest" -> "VACUUM (ANALYZE) discovery_nodes (manifest_id, unique_id, resource_type, depends_on)";
            case "run_results" -> "ANALYZE discovery_run_results (environment_id, airflow_run_id, unique_id, dag_id,"
                    + " job_id, generated_at), discovery_applied (environment_id, unique_id, last_status,"
                    + " execute_completed_at)";
            case "catalog" -> "ANALYZE discovery_catalog (environment_id, unique_id)";
            case "sources" -> "ANALYZE discovery_freshness";
            default -> throw new IllegalArgumentException("unknown artifact " + artifact);
        };
        jade.useHandle(h -> h.execute(sql));
    }

    /** An Airflow run whose results one environment keeps in {@code discovery_run_results}. */
    record ResultRun(long environmentId, String airflowRunId) {
    }

    /**
     * The runs beyond the newest {@code keep} runs of each (environment, DAG) — results whose DAG the run index did
     * not know form one group per environment — oldest first (by their results' {@code generated_at}).
     */
    List<ResultRun> runsBeyondNewest(int keep) {
        return jade.withHandle(h -> h.createQuery("""
                        WITH runs AS (
                            SELECT environment_id, coalesce(dag_id, '') AS dag, airflow_run_id,
                                   max(generated_at) AS at
                            FROM discovery_run_results GROUP BY 1, 2, 3),
                        ranked AS (
                            SELECT environment_id, airflow_run_id, at, row_number() OVER (
                                PARTITION BY environment_id, dag ORDER BY at DESC, airflow_run_id DESC) AS n
                            FROM runs)
                        SELECT environment_id, airflow_run_id FROM ranked WHERE n > :keep
                        ORDER BY at, environment_id, airflow_run_id""")
                .bind("keep", keep)
                .map((rs, ctx) -> new ResultRun(rs.getLong(1), rs.getString(2))).list());
    }

    /**
     * Deletes these runs' results in one transaction, unless another replica is deleting run results at the same
     * moment (then nothing, and false). The applied state ({@code discovery_applied}) is a copy and stays.
     *
     * @return whether the results were deleted
     */
    boolean deleteRunResults(List<ResultRun> runs) {
        return jade.inTransaction(h -> {
            if (!h.createQuery("SELECT pg_try_advisory_xact_lock(hashtext('jade.discovery.run-results-retention'))")
                    .mapTo(Boolean.class).one()) {
                return false;
            }
            org.jdbi.v3.core.statement.PreparedBatch delete = h.prepareBatch(
                    "DELETE FROM discovery_run_results WHERE environment_id = :env AND airflow_run_id = :run");
            for (ResultRun run : runs) {
                delete.bind("env", run.environmentId()).bind("run", run.airflowRunId()).add();
            }
            if (!runs.isEmpty()) {
                delete.execute();
            }
            return true;
        });
    }

    /** Logs one extraction attempt. */
    void recordExtraction(long environmentId, String artifact, @Nullable String airflowRunId, String outcome,
                          @Nullable String detail, long items, OffsetDateTime startedAt) {
        jade.useHandle(h -> h.createUpdate("""
                        INSERT INTO discovery_extractions (environment_id, artifact, airflow_run_id, outcome, detail,
                            items, started_at)
                        VALUES (:env, :artifact, :run, :outcome, :detail, :items, :startedAt)""")
                .bind("env", environmentId).bind("artifact", artifact).bind("run", airflowRunId)
                .bind("outcome", outcome).bind("detail", detail).bind("items", items).bind("startedAt", startedAt)
                .execute());
    }
}
