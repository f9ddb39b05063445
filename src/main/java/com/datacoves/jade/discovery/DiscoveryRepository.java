package com.datacoves.jade.discovery;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * Writes of the Discovery API's tables (V50__discovery.sql): node sets from manifests, run results and applied state,
 * catalog entries, freshness checks and the extraction log. Every write of a batch is one statement or one
 * transaction; readers never see a half-loaded node set (it becomes current in one transaction).
 */
@Singleton
public class DiscoveryRepository {

    /** Rows sent to the database per batch. */
    static final int BATCH = 500;

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

    /** Adds nodes to a set being loaded. */
    void insertNodes(long setId, List<NodeDefinition> nodes) {
        if (nodes.isEmpty()) {
            return;
        }
        jade.useHandle(h -> {
            PreparedBatch b = h.prepareBatch("""
                    INSERT INTO discovery_nodes (manifest_id, unique_id, resource_type, name, description, package_name,
                        file_path, patch_path, database_name, schema_name, alias, identifier, relation_name, source_name,
                        source_description, loader, materialized_type, language, access, group_name, version,
                        latest_version, contract_enforced, tags, fqn, depends_on, depends_on_macros, meta, config,
                        columns, raw_code, compiled_code, column_name, test_metadata, attached_node, freshness_criteria)
                    VALUES (:set, :uniqueId, :resourceType, :name, :description, :packageName, :filePath, :patchPath,
                        :database, :schema, :alias, :identifier, :relationName, :sourceName, :sourceDescription, :loader,
                        :materializedType, :language, :access, :group, :version, :latestVersion, :contractEnforced,
                        CAST(:tags AS text[]), CAST(:fqn AS text[]), CAST(:dependsOn AS text[]),
                        CAST(:dependsOnMacros AS text[]), CAST(:meta AS jsonb), CAST(:config AS jsonb),
                        CAST(:columns AS jsonb), :rawCode, :compiledCode, :columnName, CAST(:testMetadata AS jsonb),
                        :attachedNode, CAST(:freshness AS jsonb))
                    ON CONFLICT (manifest_id, unique_id) DO NOTHING""");
            for (NodeDefinition n : nodes) {
                b.bind("set", setId).bindMethods(n)
                        .bind("tags", n.tags().toArray(String[]::new)).bind("fqn", n.fqn().toArray(String[]::new))
                        .bind("dependsOn", n.dependsOn().toArray(String[]::new))
                        .bind("dependsOnMacros", n.dependsOnMacros().toArray(String[]::new))
                        .bind("meta", n.metaJson()).bind("config", n.configJson()).bind("columns", n.columnsJson())
                        .bind("testMetadata", n.testMetadataJson()).bind("freshness", n.freshnessJson())
                        .add();
            }
            b.execute();
        });
    }

    /**
     * Makes a loaded set the current one of its environment and DAG scope, dropping the previous one, in one
     * transaction.
     */
    void commitSet(long setId, long environmentId, String dagScope, ManifestReader.Metadata m, int nodeCount) {
        jade.useTransaction(h -> {
            h.createUpdate("""
                            DELETE FROM discovery_manifests
                            WHERE environment_id = :env AND dag_scope = :scope AND is_current""")
                    .bind("env", environmentId).bind("scope", dagScope).execute();
            h.createUpdate("""
                            UPDATE discovery_manifests SET is_current = true, project_name = :projectName,
                                adapter_type = :adapterType, dbt_version = :dbtVersion, invocation_id = :invocationId,
                                generated_at = :generatedAt, node_count = :count, extracted_at = now()
                            WHERE id = :id""")
                    .bindMethods(m).bind("count", nodeCount).bind("id", setId).execute();
        });
    }

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

    /**
     * Stores the results of one run (replacing any earlier upload of the same run's results) and folds them into
     * the applied state: a result replaces a node's last attempt when it is at least as new, and its last success
     * when it succeeded ({@code success} or {@code pass}) and is at least as new.
     */
    void storeRunResults(long environmentId, String airflowRunId, @Nullable String dagId, @Nullable Long runId,
                         @Nullable Long jobId, OffsetDateTime generatedAt, @Nullable String invocationId,
                         @Nullable Double elapsed, List<RunResultsReader.NodeResult> results) {
        jade.useTransaction(h -> {
            h.createUpdate("DELETE FROM discovery_run_results WHERE environment_id = :env AND airflow_run_id = :run")
                    .bind("env", environmentId).bind("run", airflowRunId).execute();
            for (int from = 0; from < results.size(); from += BATCH) {
                List<RunResultsReader.NodeResult> part = results.subList(from, Math.min(results.size(), from + BATCH));
                PreparedBatch runs = h.prepareBatch("""
                        INSERT INTO discovery_run_results (environment_id, airflow_run_id, unique_id, dag_id, run_id,
                            job_id, status, error, failures, thread_id, invocation_id, compile_started_at,
                            compile_completed_at, execute_started_at, execute_completed_at, execution_time,
                            run_elapsed_time, generated_at)
                        VALUES (:env, :run, :uniqueId, :dagId, :runId, :jobId, :status, :error, :failures, :threadId,
                            :invocationId, :compileStartedAt, :compileCompletedAt, :executeStartedAt,
                            :executeCompletedAt, :executionTime, :elapsed, :generatedAt)
                        ON CONFLICT (environment_id, airflow_run_id, unique_id) DO NOTHING""");
                PreparedBatch applied = h.prepareBatch(APPLIED_UPSERT);
                for (RunResultsReader.NodeResult r : part) {
                    runs.bind("env", environmentId).bind("run", airflowRunId).bind("dagId", dagId)
                            .bind("runId", runId).bind("jobId", jobId).bind("invocationId", invocationId)
                            .bind("elapsed", elapsed).bind("generatedAt", generatedAt).bindMethods(r).add();
                    boolean success = "success".equals(r.status()) || "pass".equals(r.status());
                    applied.bind("env", environmentId).bind("run", airflowRunId).bind("runId", runId)
                            .bind("jobId", jobId).bind("elapsed", elapsed).bind("generatedAt", generatedAt)
                            .bind("success", success).bindMethods(r).add();
                }
                runs.execute();
                applied.execute();
            }
        });
    }

    private static final String APPLIED_UPSERT = """
            INSERT INTO discovery_applied AS a (environment_id, unique_id, last_airflow_run_id, last_run_id,
                last_job_id, last_status, last_error, last_failures, last_generated_at, success_run_id,
                success_job_id, success_generated_at, compile_started_at, compile_completed_at, execute_started_at,
                execute_completed_at, execution_time, run_elapsed_time)
            VALUES (:env, :uniqueId, :run, :runId, :jobId, :status, :error, :failures, :generatedAt,
                CASE WHEN :success THEN CAST(:runId AS bigint) END, CASE WHEN :success THEN CAST(:jobId AS bigint) END,
                CASE WHEN :success THEN CAST(:generatedAt AS timestamptz) END,
                CASE WHEN :success THEN CAST(:compileStartedAt AS timestamptz) END,
                CASE WHEN :success THEN CAST(:compileCompletedAt AS timestamptz) END,
                CASE WHEN :success THEN CAST(:executeStartedAt AS timestamptz) END,
                CASE WHEN :success THEN CAST(:executeCompletedAt AS timestamptz) END,
                CASE WHEN :success THEN CAST(:executionTime AS double precision) END,
                CASE WHEN :success THEN CAST(:elapsed AS double precision) END)
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

    /** Upserts catalog entries; an entry replaces a node's when it is at least as new. */
    void upsertCatalog(long environmentId, @Nullable String airflowRunId, @Nullable Long runId, @Nullable Long jobId,
                       OffsetDateTime generatedAt, List<CatalogReader.Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        jade.useHandle(h -> {
            PreparedBatch b = h.prepareBatch("""
                    INSERT INTO discovery_catalog AS c (environment_id, unique_id, table_type, owner, comment, columns,
                        stats, airflow_run_id, run_id, job_id, generated_at)
                    VALUES (:env, :uniqueId, :tableType, :owner, :comment, CAST(:columnsJson AS jsonb),
                        CAST(:statsJson AS jsonb), :run, :runId, :jobId, :generatedAt)
                    ON CONFLICT (environment_id, unique_id) DO UPDATE SET table_type = EXCLUDED.table_type,
                        owner = EXCLUDED.owner, comment = EXCLUDED.comment, columns = EXCLUDED.columns,
                        stats = EXCLUDED.stats, airflow_run_id = EXCLUDED.airflow_run_id, run_id = EXCLUDED.run_id,
                        job_id = EXCLUDED.job_id, generated_at = EXCLUDED.generated_at
                    WHERE EXCLUDED.generated_at >= c.generated_at""");
            for (CatalogReader.Entry e : entries) {
                b.bind("env", environmentId).bind("run", airflowRunId).bind("runId", runId).bind("jobId", jobId)
                        .bind("generatedAt", generatedAt).bindMethods(e).add();
            }
            b.execute();
        });
    }

    /** Upserts freshness checks; a check replaces a source's when it is at least as new. */
    void upsertFreshness(long environmentId, @Nullable String airflowRunId, @Nullable Long runId,
                         @Nullable Long jobId, OffsetDateTime generatedAt, List<SourcesReader.Check> checks) {
        if (checks.isEmpty()) {
            return;
        }
        jade.useHandle(h -> {
            PreparedBatch b = h.prepareBatch("""
                    INSERT INTO discovery_freshness AS f (environment_id, unique_id, status, error, max_loaded_at,
                        snapshotted_at, age_seconds, criteria, airflow_run_id, run_id, job_id, generated_at)
                    VALUES (:env, :uniqueId, :status, :error, :maxLoadedAt, :snapshottedAt, :ageSeconds,
                        CAST(:criteriaJson AS jsonb), :run, :runId, :jobId, :generatedAt)
                    ON CONFLICT (environment_id, unique_id) DO UPDATE SET status = EXCLUDED.status,
                        error = EXCLUDED.error, max_loaded_at = EXCLUDED.max_loaded_at,
                        snapshotted_at = EXCLUDED.snapshotted_at, age_seconds = EXCLUDED.age_seconds,
                        criteria = EXCLUDED.criteria, airflow_run_id = EXCLUDED.airflow_run_id,
                        run_id = EXCLUDED.run_id, job_id = EXCLUDED.job_id, generated_at = EXCLUDED.generated_at
                    WHERE EXCLUDED.generated_at >= f.generated_at""");
            for (SourcesReader.Check c : checks) {
                b.bind("env", environmentId).bind("run", airflowRunId).bind("runId", runId).bind("jobId", jobId)
                        .bind("generatedAt", generatedAt).bindMethods(c).add();
            }
            b.execute();
        });
    }

    /** Rows an extraction must write before the tables' planner statistics are refreshed at once. */
    static final int ANALYZE_AFTER_ROWS = 1000;

    /**
     * Logs one extraction attempt; after a large one ({@link #ANALYZE_AFTER_ROWS} items or more), refreshes the
     * planner statistics of the Discovery tables. Queries run seconds after a bulk extraction, long before autovacuum
     * analyzes: with stale statistics PostgreSQL planned a job's 21,739 models as a nested loop over 236 million rows
     * (66 s) instead of hash joins (0.17 s).
     */
    void recordExtraction(long environmentId, String artifact, @Nullable String airflowRunId, String outcome,
                          @Nullable String detail, int items, OffsetDateTime startedAt) {
        if ("done".equals(outcome) && items >= ANALYZE_AFTER_ROWS) {
            jade.useHandle(h -> h.execute("ANALYZE discovery_nodes, discovery_run_results, discovery_applied, "
                    + "discovery_catalog, discovery_freshness"));
        }
        jade.useHandle(h -> h.createUpdate("""
                        INSERT INTO discovery_extractions (environment_id, artifact, airflow_run_id, outcome, detail,
                            items, started_at)
                        VALUES (:env, :artifact, :run, :outcome, :detail, :items, :startedAt)""")
                .bind("env", environmentId).bind("artifact", artifact).bind("run", airflowRunId)
                .bind("outcome", outcome).bind("detail", detail).bind("items", items).bind("startedAt", startedAt)
                .execute());
    }
}
