package com.datacoves.jade.discovery;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads of the Discovery API's tables: node sets, pages of nodes joined with their execution, catalog entry and
 * freshness, related nodes of a page (parents, children, ancestors) in one statement each, and the runs of a job.
 */
@Singleton
public class DiscoveryQueryRepository {

    private static final String MODELING_LAYER = """
            CASE WHEN n.resource_type <> 'model' THEN NULL
                 WHEN n.fqn && ARRAY['marts', 'mart']::text[] OR n.name LIKE 'fct\\_%' OR n.name LIKE 'dim\\_%' THEN 'marts'
                 WHEN n.fqn && ARRAY['intermediate']::text[] OR n.name LIKE 'int\\_%' THEN 'intermediate'
                 WHEN n.fqn && ARRAY['staging']::text[] OR n.name LIKE 'stg\\_%' THEN 'staging' END""";

    /**
     * A node's own-kind fields: {@code details}, or for rows that a replica of the previous version wrote during a
     * rolling upgrade, the {@code exposure} column it still uses (V54).
     */
    private static final String DETAILS = "coalesce(n.details, n.exposure)";

    /** Execution columns from the applied state. */
    private static final String APPLIED = """
            (SELECT unique_id, last_status, last_error, last_failures, last_run_id, last_job_id, last_generated_at,
                    success_run_id, success_job_id, success_generated_at, compile_started_at, compile_completed_at,
                    execute_started_at, execute_completed_at, execution_time, run_elapsed_time,
                    NULL::text AS thread_id, NULL::text AS invocation_id
             FROM discovery_applied WHERE environment_id = :env)""";

    /** Execution columns from one run's results ({@code :run} = Airflow run id). */
    private static final String ONE_RUN = """
            (SELECT unique_id, status AS last_status, error AS last_error, failures AS last_failures,
                    run_id AS last_run_id, job_id AS last_job_id, generated_at AS last_generated_at,
                    run_id AS success_run_id, job_id AS success_job_id, generated_at AS success_generated_at,
                    compile_started_at, compile_completed_at, execute_started_at, execute_completed_at,
                    execution_time, run_elapsed_time, thread_id, invocation_id
             FROM discovery_run_results WHERE environment_id = :env AND airflow_run_id = :run)""";

    private final Jdbi jade;

    /** Over Jade's own database. */
    public DiscoveryQueryRepository(@Named("jade") Jdbi jade) {
        this.jade = jade;
    }

    /** The environment's applied node set: its current set from the newest manifest. */
    public Optional<NodeSetRow> appliedSet(long environmentId) {
        return jade.withHandle(h -> h.createQuery("SELECT " + SET_COLUMNS + """
                         FROM discovery_manifests WHERE environment_id = :env AND is_current
                        ORDER BY generated_at DESC NULLS LAST, id DESC LIMIT 1""")
                .bind("env", environmentId).map((rs, ctx) -> set(rs)).findOne());
    }

    /** The current node set of a DAG of the environment. */
    public Optional<NodeSetRow> dagSet(long environmentId, String dagId) {
        return jade.withHandle(h -> h.createQuery("SELECT " + SET_COLUMNS
                        + " FROM discovery_manifests WHERE environment_id = :env AND is_current AND dag_scope = :dag")
                .bind("env", environmentId).bind("dag", dagId).map((rs, ctx) -> set(rs)).findOne());
    }

    /** When the environment's discovery data last changed: its newest successful extraction. */
    public Optional<OffsetDateTime> lastUpdatedAt(long environmentId) {
        return jade.withHandle(h -> h.createQuery("""
                        SELECT max(finished_at) AT TIME ZONE 'UTC' FROM discovery_extractions
                        WHERE environment_id = :env AND outcome = 'done'""")
                .bind("env", environmentId).map((rs, ctx) -> utc(rs, 1)).findOne());
    }

    /**
     * The YAML selectors of a node set's manifest (name → definition, as dbt wrote them), read when a lineage
     * selection names one; empty for a manifest without selectors.
     */
    LineageSelector.Selectors selectors(NodeSetRow set) {
        return name -> jade.withHandle(h -> h.createQuery(
                        "SELECT selectors -> :name FROM discovery_manifests WHERE id = :id")
                .bind("name", name).bind("id", set.id()).mapTo(String.class).findOne().orElse(null));
    }

    /**
     * What {@code state:} compares for a node set: its nodes' state digests and its baseline's (the manifest it
     * replaced), each read when a selection first asks.
     */
    LineageSelector.States states(long environmentId, NodeSetRow set) {
        return new LineageSelector.States() {
            @Override
            public String baselineStatus() {
                return jade.withHandle(h -> h.createQuery(
                                "SELECT baseline_status FROM discovery_manifests WHERE id = :id")
                        .bind("id", set.id()).mapTo(String.class).findOne().orElse(null));
            }

            @Override
            public Map<String, NodeState> current() {
                return digests("discovery_nodes", "manifest_id = :id");
            }

            @Override
            public Map<String, NodeState> baseline() {
                // by its index, (environment_id, manifest_id)
                return digests("discovery_node_baselines",
                        "environment_id = " + environmentId + " AND manifest_id = :id");
            }

            @Override
            public Map<String, List<String>> macroCalls() {
                Map<String, List<String>> calls = new HashMap<>();
                jade.useHandle(h -> h.createQuery("""
                                SELECT unique_id, depends_on_macros FROM discovery_nodes
                                WHERE manifest_id = :id AND resource_type = 'macro'""")
                        .bind("id", set.id())
                        .map((rs, ctx) -> Map.entry(rs.getString(1), strings(rs, "depends_on_macros")))
                        .forEach(e -> calls.put(e.getKey(), e.getValue())));
                return calls;
            }

            private Map<String, NodeState> digests(String table, String where) {
                Map<String, NodeState> out = new HashMap<>();
                jade.useHandle(h -> h.createQuery("SELECT unique_id, body_digest, config_digest, relation_digest,"
                                + " description_digest, contract_digest, content_digest FROM " + table
                                + " WHERE " + where + " AND content_digest IS NOT NULL")
                        .bind("id", set.id())
                        .map((rs, ctx) -> Map.entry(rs.getString(1), new NodeState(longOrNull(rs,
                                "body_digest"), longOrNull(rs, "config_digest"), longOrNull(rs, "relation_digest"),
                                longOrNull(rs, "description_digest"), longOrNull(rs, "contract_digest"),
                                rs.getLong("content_digest"))))
                        .forEach(e -> out.put(e.getKey(), e.getValue())));
                return out;
            }
        };
    }

    /**
     * What a lineage selection compares with in an environment (dbt's {@code result:} and {@code source_status:}):
     * its applied state's latest executions and freshness checks, read when a selection asks.
     */
    LineageSelector.Results results(long environmentId) {
        return new LineageSelector.Results() {
            @Override
            public java.util.Set<String> withLastStatus(String status) {
                return jade.withHandle(h -> h.createQuery("""
                                SELECT unique_id FROM discovery_applied
                                WHERE environment_id = :env AND last_status = :status""")
                        .bind("env", environmentId).bind("status", status).mapTo(String.class).set());
            }

            @Override
            public java.util.Set<String> fresherSources() {
                return jade.withHandle(h -> h.createQuery("""
                                SELECT unique_id FROM discovery_freshness
                                WHERE environment_id = :env AND max_loaded_at IS NOT NULL
                                  AND (previous_max_loaded_at IS NULL OR max_loaded_at > previous_max_loaded_at)""")
                        .bind("env", environmentId).mapTo(String.class).set());
            }
        };
    }

    /**
     * The Airflow run id of a job's newest run that has results in Jade.
     *
     * @param dagId the job's DAG (results extracted before the run index knew the run carry only it)
     */
    public Optional<String> latestRunWithResults(long environmentId, long jobId, String dagId) {
        return jade.withHandle(h -> h.createQuery("""
                        SELECT airflow_run_id FROM discovery_run_results
                        WHERE environment_id = :env AND (job_id = :job OR dag_id = :dag)
                        ORDER BY generated_at DESC LIMIT 1""")
                .bind("env", environmentId).bind("job", jobId).bind("dag", dagId).mapTo(String.class).findOne());
    }

    /**
     * A page of the set's nodes with their applied execution.
     *
     * @param after the cursor of the row before the page, or null for the first page: in unique id order the page
     *              starts after its unique id (an index range), in execution order at its position + 1
     * @param limit  rows to return (callers ask one more than they show to learn whether a next page exists)
     * @param detail {@link Detail#WITH_CODE} when the query selects code, else {@link Detail#FULL}
     */
    public List<NodeRow> page(NodeSetRow set, long environmentId, NodeQuery q,
                              DiscoveryFetchers.@Nullable Cursor after, int limit, Detail detail) {
        Map<String, Object> binds = new HashMap<>();
        String where = where(q, binds);
        String order = q.byExecuteCompletedAt()
                ? "a.execute_completed_at " + (q.descending() ? "DESC NULLS LAST" : "ASC NULLS FIRST")
                + ", n.unique_id" : "n.unique_id" + (q.descending() ? " DESC" : "");
        int offset = 0;
        if (after != null && q.byExecuteCompletedAt()) {
            offset = after.offset() + 1;
        } else if (after != null) {
            where += " AND n.unique_id " + (q.descending() ? "<" : ">") + " :afterId";
            binds.put("afterId", after.uniqueId());
        }
        // The page's ids first, from the narrow index and only the joins the filter or order needs (PostgreSQL drops
        // the unused LEFT JOINs), then the wide rows of just those (docs/discovery.md, "Performance").
        String ids = "SELECT n.unique_id FROM discovery_nodes n"
                + " LEFT JOIN discovery_applied a ON a.environment_id = :env AND a.unique_id = n.unique_id"
                + " LEFT JOIN discovery_freshness f ON f.environment_id = :env AND f.unique_id = n.unique_id"
                + " WHERE n.manifest_id = :set AND " + where + " ORDER BY " + order + " LIMIT :limit OFFSET :offset";
        return nodes(select(APPLIED, detail) + " AND n.unique_id = ANY(ARRAY(" + ids + ")) ORDER BY " + order,
                set, environmentId, null, binds, Map.of("limit", limit, "offset", offset));
    }

    /**
     * Counts of node sets for filters on definitions only: a node set never changes once current, so such a count
     * holds for as long as the set exists. Keyed by set id, filter SQL and bound values; at most 10,000 entries.
     */
    private final Cache<String, Integer> definitionCounts = Caffeine.newBuilder().maximumSize(10_000).build();

    /**
     * How many of the set's nodes match. A filter on definitions only is counted once per node set (every page of a
     * connection asks for {@code totalCount}; the count reads every matching index entry).
     */
    public int count(NodeSetRow set, long environmentId, NodeQuery q) {
        Map<String, Object> binds = new HashMap<>();
        String where = where(q, binds);
        // the same joins as a page's ids: PostgreSQL drops those the filter does not use
        String sql = "SELECT count(*) FROM discovery_nodes n"
                + " LEFT JOIN discovery_applied a ON a.environment_id = :env AND a.unique_id = n.unique_id"
                + " LEFT JOIN discovery_freshness f ON f.environment_id = :env AND f.unique_id = n.unique_id"
                + " WHERE n.manifest_id = :set AND " + where;
        java.util.function.Supplier<Integer> count = () -> jade.withHandle(h -> {
            Query query = h.createQuery(sql).bind("set", set.id()).bind("env", environmentId);
            binds.forEach(query::bind);
            return query.mapTo(Integer.class).one();
        });
        // the filters on execution and freshness (see where) change with every extraction
        boolean definitionsOnly = q.lastRunStatus() == null && q.freshnessStatus() == null
                && q.freshnessChecked() == null;
        if (!definitionsOnly) {
            return count.get();
        }
        StringBuilder key = new StringBuilder().append(set.id()).append('\n').append(where);
        new java.util.TreeMap<>(binds).forEach((k, v) -> key.append('\n').append(k).append('=')
                .append(v instanceof Object[] a ? Arrays.toString(a) : String.valueOf(v)));
        return definitionCounts.get(key.toString(), k -> count.get());
    }

    /** Every matching node of the set, in the detail asked, for lineage and the job API's lists. */
    public List<NodeRow> all(NodeSetRow set, long environmentId, @Nullable String airflowRunId, NodeQuery q,
                             Detail detail) {
        Map<String, Object> binds = new HashMap<>();
        String where = where(q, binds);
        return nodes(select(airflowRunId == null ? APPLIED : ONE_RUN, detail)
                + " AND " + where
                + " ORDER BY n.unique_id", set, environmentId, airflowRunId, binds, Map.of());
    }

    /**
     * The set's nodes with these ids (code columns left out).
     *
     * @param detail {@link Detail#FULL} with their execution, catalog and freshness; {@link Detail#DEFINITION} with
     *               their definition's plain columns only
     */
    public List<NodeRow> byIds(NodeSetRow set, long environmentId, @Nullable String airflowRunId,
                               Collection<String> ids, Detail detail) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return nodes(select(airflowRunId == null ? APPLIED : ONE_RUN, detail)
                        + " AND n.unique_id = ANY(CAST(:ids AS text[]))", set, environmentId, airflowRunId,
                Map.of("ids", ids.toArray(String[]::new)), Map.of());
    }

    /** The set's nodes that depend on any of these ids (code columns left out), in the detail asked. */
    public List<NodeRow> childrenOf(NodeSetRow set, long environmentId, @Nullable String airflowRunId,
                                    Collection<String> ids, Detail detail) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return nodes(select(airflowRunId == null ? APPLIED : ONE_RUN, detail)
                        + " AND n.depends_on && CAST(:ids AS text[])", set, environmentId, airflowRunId,
                Map.of("ids", ids.toArray(String[]::new)), Map.of());
    }

    /**
     * A node's results across runs, newest first.
     *
     * @param airflowRunId Airflow's run id of the result
     * @param runId        the dbt Cloud run, when the run index knew it at extraction
     * @param jobId        the dbt Cloud job, likewise
     */
    public record HistoricalRun(String airflowRunId, @Nullable Long runId, @Nullable Long jobId) {
    }

    /** The runs with a result for the node, newest first (by the results' {@code generated_at}), at most {@code limit}. */
    public List<HistoricalRun> historicalRuns(long environmentId, String uniqueId, int limit) {
        return jade.withHandle(h -> h.createQuery("""
                        SELECT airflow_run_id, run_id, job_id FROM discovery_run_results
                        WHERE environment_id = :env AND unique_id = :uid ORDER BY generated_at DESC LIMIT :limit""")
                .bind("env", environmentId).bind("uid", uniqueId).bind("limit", limit)
                .map((rs, ctx) -> new HistoricalRun(rs.getString(1), longOrNull(rs, "run_id"), longOrNull(rs, "job_id")))
                .list());
    }

    /** Every ancestor id of each of these nodes (transitively through {@code depends_on}), by node. */
    public Map<String, List<String>> ancestorIds(NodeSetRow set, Collection<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        jade.useHandle(h -> h.createQuery("""
                        WITH RECURSIVE anc(root, uid) AS (
                            SELECT r.unique_id, d FROM discovery_nodes r, unnest(r.depends_on) d
                            WHERE r.manifest_id = :set AND r.unique_id = ANY(CAST(:ids AS text[]))
                            UNION
                            SELECT anc.root, d FROM anc
                            JOIN discovery_nodes p ON p.manifest_id = :set AND p.unique_id = anc.uid,
                                 unnest(p.depends_on) d)
                        SELECT root, uid FROM anc ORDER BY root, uid""")
                .bind("set", set.id()).bind("ids", ids.toArray(String[]::new))
                .map((rs, ctx) -> new String[]{rs.getString(1), rs.getString(2)})
                .forEach(p -> out.computeIfAbsent(p[0], k -> new ArrayList<>()).add(p[1])));
        return out;
    }

    /** Package names of the set's nodes of a resource type. */
    public List<String> packages(NodeSetRow set, String resourceType) {
        return jade.withHandle(h -> h.createQuery("""
                        SELECT DISTINCT package_name FROM discovery_nodes
                        WHERE manifest_id = :set AND resource_type = :type AND package_name IS NOT NULL
                        ORDER BY package_name""")
                .bind("set", set.id()).bind("type", resourceType).mapTo(String.class).list());
    }

    /** How many nodes of each resource type the set holds, by resource type ({@code model} → 21, …). */
    public Map<String, Object> resourceCounts(NodeSetRow set) {
        Map<String, Object> out = new LinkedHashMap<>();
        jade.useHandle(h -> h.createQuery("""
                        SELECT resource_type, count(*) FROM discovery_nodes WHERE manifest_id = :set
                        GROUP BY resource_type ORDER BY resource_type""")
                .bind("set", set.id()).map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .forEach(e -> out.put(e.getKey(), e.getValue())));
        return out;
    }

    /** Every distinct tag of the set's nodes, by name. */
    public List<String> tags(NodeSetRow set) {
        return jade.withHandle(h -> h.createQuery("""
                        SELECT DISTINCT t FROM discovery_nodes n, unnest(n.tags) t WHERE n.manifest_id = :set
                        ORDER BY t""")
                .bind("set", set.id()).mapTo(String.class).list());
    }

    /**
     * The distinct owners of the set's exposures or groups ({@code owner.name}, {@code owner.email}; a missing one as
     * empty text), by name then email; owners with neither are left out.
     *
     * @param resourceType {@code exposure} or {@code group}
     */
    public List<Map<String, Object>> owners(NodeSetRow set, String resourceType) {
        return jade.withHandle(h -> h.createQuery("""
                        SELECT DISTINCT coalesce(d->'owner'->>'name', '') AS name,
                                        coalesce(d->'owner'->>'email', '') AS email
                        FROM (SELECT %s AS d FROM discovery_nodes n
                              WHERE n.manifest_id = :set AND n.resource_type = :type) o
                        WHERE d->'owner'->>'name' IS NOT NULL OR d->'owner'->>'email' IS NOT NULL
                        ORDER BY name, email""".formatted(DETAILS))
                .bind("set", set.id()).bind("type", resourceType)
                .map((rs, ctx) -> Map.<String, Object>of("name", rs.getString("name"), "email", rs.getString("email")))
                .list());
    }

    /** The set's models that belong to any of these groups ({@code group_name}), in the detail asked. */
    public List<NodeRow> modelsOfGroups(NodeSetRow set, long environmentId, Collection<String> groups,
                                        Detail detail) {
        if (groups.isEmpty()) {
            return List.of();
        }
        return nodes(select(APPLIED, detail) + " AND n.resource_type = 'model'"
                        + " AND n.group_name = ANY(CAST(:groups AS text[])) ORDER BY n.unique_id", set, environmentId,
                null, Map.of("groups", groups.toArray(String[]::new)), Map.of());
    }

    private List<NodeRow> nodes(String sql, NodeSetRow set, long environmentId, @Nullable String airflowRunId,
                                Map<String, Object> binds, Map<String, Object> more) {
        return jade.withHandle(h -> {
            Query query = h.createQuery(sql).bind("set", set.id()).bind("env", environmentId);
            if (airflowRunId != null) {
                query.bind("run", airflowRunId);
            }
            binds.forEach(query::bind);
            more.forEach(query::bind);
            return query.map(DiscoveryQueryRepository::node).list();
        });
    }

    /** How much of each node a read returns. */
    public enum Detail {
        /** Definition, execution, catalog and freshness; no code. */
        FULL,
        /** {@link #FULL} with {@code raw_code} and {@code compiled_code}. */
        WITH_CODE,
        /**
         * The definition's plain columns only: no JSON columns (meta, config, columns, test metadata, freshness
         * criteria), no code, and no execution, catalog or freshness (for related nodes of which a query selects
         * only such fields).
         */
        DEFINITION,
        /** {@link #DEFINITION} with the execution (for lineage, which shows each node's last run status). */
        DEFINITION_WITH_EXECUTION,
        /**
         * {@link #DEFINITION} with the JSON columns (for a lineage selection by config or test metadata); still no
         * code, execution, catalog or freshness.
         */
        DEFINITION_WITH_JSON
    }

    private static String select(String executions, Detail detail) {
        String code = detail == Detail.WITH_CODE ? "n.raw_code, n.compiled_code"
                : "NULL AS raw_code, NULL AS compiled_code";
        boolean plainColumns = detail == Detail.DEFINITION || detail == Detail.DEFINITION_WITH_EXECUTION;
        boolean definitionOnly = plainColumns || detail == Detail.DEFINITION_WITH_JSON;
        String json = plainColumns
                ? "NULL AS meta, NULL AS config, NULL AS columns, n.column_name, NULL AS test_metadata,"
                + " n.attached_node, NULL AS freshness_criteria, " + DETAILS + "::text AS details,"
                : "n.meta::text AS meta, n.config::text AS config, n.columns::text AS columns, n.column_name,"
                + " n.test_metadata::text AS test_metadata, n.attached_node,"
                + " n.freshness_criteria::text AS freshness_criteria, " + DETAILS + "::text AS details,";
        // joined state is left out by a constant-false join condition: same columns, all null, nothing read
        String joined = definitionOnly ? "false" : "true";
        String executed = detail == Detail.DEFINITION || detail == Detail.DEFINITION_WITH_JSON ? "false" : "true";
        return """
                SELECT n.unique_id, n.resource_type, n.name, n.description, n.package_name, n.file_path, n.patch_path,
                       n.database_name, n.schema_name, n.alias, n.identifier, n.relation_name, n.source_name,
                       n.source_description, n.loader, n.materialized_type, n.language, n.access, n.group_name,
                       n.version, n.latest_version, n.contract_enforced, n.tags, n.fqn, n.depends_on,
                       n.depends_on_macros,
                """ + json + code + ", " + MODELING_LAYER + """
                 AS modeling_layer,
                       a.unique_id IS NOT NULL AS has_execution, a.last_status, a.last_error, a.last_failures,
                       a.last_run_id, a.last_job_id, a.last_generated_at AT TIME ZONE 'UTC' AS last_generated_at,
                       a.success_run_id, a.success_job_id,
                       a.success_generated_at AT TIME ZONE 'UTC' AS success_generated_at,
                       a.compile_started_at AT TIME ZONE 'UTC' AS compile_started_at,
                       a.compile_completed_at AT TIME ZONE 'UTC' AS compile_completed_at,
                       a.execute_started_at AT TIME ZONE 'UTC' AS execute_started_at,
                       a.execute_completed_at AT TIME ZONE 'UTC' AS execute_completed_at,
                       a.execution_time, a.run_elapsed_time, a.thread_id, a.invocation_id,
                       c.unique_id IS NOT NULL AS has_catalog, c.table_type, c.owner, c.comment AS catalog_comment,
                       c.columns::text AS catalog_columns, c.stats::text AS catalog_stats,
                       c.run_id AS catalog_run_id, c.job_id AS catalog_job_id,
                       c.generated_at AT TIME ZONE 'UTC' AS catalog_generated_at,
                       f.unique_id IS NOT NULL AS has_freshness, f.status AS freshness_status,
                       f.error AS freshness_error, f.max_loaded_at AT TIME ZONE 'UTC' AS max_loaded_at,
                       f.snapshotted_at AT TIME ZONE 'UTC' AS snapshotted_at, f.age_seconds,
                       f.criteria::text AS freshness_checked_criteria, f.run_id AS freshness_run_id,
                       f.job_id AS freshness_job_id, f.generated_at AT TIME ZONE 'UTC' AS freshness_generated_at
                FROM discovery_nodes n
                """
                + " LEFT JOIN " + executions + " a ON " + executed + " AND a.unique_id = n.unique_id"
                + " LEFT JOIN discovery_catalog c ON " + joined
                + " AND c.environment_id = :env AND c.unique_id = n.unique_id"
                + " LEFT JOIN discovery_freshness f ON " + joined
                + " AND f.environment_id = :env AND f.unique_id = n.unique_id"
                + " WHERE n.manifest_id = :set";
    }

    /** The WHERE conditions of a node query (always at least {@code true}), binding its values. */
    private static String where(NodeQuery q, Map<String, Object> binds) {
        List<String> c = new ArrayList<>();
        c.add("true");
        if (q.resourceTypes().size() == 1) {
            // equality, not ANY: then the index on (manifest_id, resource_type, unique_id) yields a page's ids in
            // order without sorting every node of the type
            c.add("n.resource_type = :type");
            binds.put("type", q.resourceTypes().get(0));
        } else if (!q.resourceTypes().isEmpty()) {
            c.add("n.resource_type = ANY(CAST(:types AS text[]))");
            binds.put("types", q.resourceTypes().toArray(String[]::new));
        }
        if (!q.uniqueIds().isEmpty()) {
            c.add("n.unique_id = ANY(CAST(:uniqueIds AS text[]))");
            binds.put("uniqueIds", q.uniqueIds().toArray(String[]::new));
        }
        if (!q.tags().isEmpty()) {
            c.add("n.tags && CAST(:tags AS text[])");
            binds.put("tags", q.tags().toArray(String[]::new));
        }
        text(c, binds, "lower(n.database_name) = lower(:database)", "database", q.database());
        text(c, binds, "lower(n.schema_name) = lower(:schema)", "schema", q.schema());
        text(c, binds, "lower(n.identifier) = lower(:identifier)", "identifier", q.identifier());
        text(c, binds, "n.package_name = :packageName", "packageName", q.packageName());
        text(c, binds, "n.access = :access", "access", q.access());
        text(c, binds, "n.group_name = :group", "group", q.group());
        text(c, binds, "(" + MODELING_LAYER + ") = :modelingLayer", "modelingLayer", q.modelingLayer());
        text(c, binds, "a.last_status = :lastRunStatus", "lastRunStatus", q.lastRunStatus());
        text(c, binds, "n.resource_type = 'exposure' AND " + DETAILS + "->>'type' = :exposureType", "exposureType",
                q.exposureType());
        if (!q.sourceNames().isEmpty()) {
            c.add("n.source_name = ANY(CAST(:sourceNames AS text[]))");
            binds.put("sourceNames", q.sourceNames().toArray(String[]::new));
        }
        if (q.freshnessStatus() != null) {
            c.add("f.status = ANY(CAST(:freshness AS text[]))");
            binds.put("freshness", switch (q.freshnessStatus()) {
                case "Pass" -> new String[]{"pass"};
                case "Warn" -> new String[]{"warn"};
                case "Error" -> new String[]{"error", "runtime error"};
                default -> new String[]{};
            });
        }
        if (q.freshnessChecked() != null) {
            c.add(q.freshnessChecked() ? "f.unique_id IS NOT NULL" : "f.unique_id IS NULL");
        }
        if (!q.testTypes().isEmpty()) {
            List<String> kinds = new ArrayList<>();
            if (q.testTypes().contains("GENERIC_DATA_TEST")) {
                kinds.add("n.test_metadata IS NOT NULL");
            }
            if (q.testTypes().contains("SINGULAR_DATA_TEST")) {
                kinds.add("n.test_metadata IS NULL");
            }
            c.add(kinds.isEmpty() ? "false" : "(" + String.join(" OR ", kinds) + ")");
        }
        return String.join(" AND ", c);
    }

    private static void text(List<String> c, Map<String, Object> binds, String condition, String name,
                             @Nullable String value) {
        if (value != null) {
            c.add(condition);
            binds.put(name, value);
        }
    }

    private static final String SET_COLUMNS = "id, dag_scope, airflow_run_id, run_id, job_id, project_name, "
            + "adapter_type, dbt_version, generated_at AT TIME ZONE 'UTC' AS generated_at";

    private static NodeSetRow set(ResultSet rs) throws SQLException {
        return new NodeSetRow(rs.getLong("id"), rs.getString("dag_scope"), rs.getString("airflow_run_id"),
                longOrNull(rs, "run_id"), longOrNull(rs, "job_id"), rs.getString("project_name"),
                rs.getString("adapter_type"), rs.getString("dbt_version"), utc(rs, "generated_at"));
    }

    private static NodeRow node(ResultSet rs, StatementContext ctx) throws SQLException {
        NodeDefinition d = new NodeDefinition(rs.getString("unique_id"), rs.getString("resource_type"),
                rs.getString("name"), rs.getString("description"), rs.getString("package_name"),
                rs.getString("file_path"), rs.getString("patch_path"), rs.getString("database_name"),
                rs.getString("schema_name"), rs.getString("alias"), rs.getString("identifier"),
                rs.getString("relation_name"), rs.getString("source_name"), rs.getString("source_description"),
                rs.getString("loader"), rs.getString("materialized_type"), rs.getString("language"),
                rs.getString("access"), rs.getString("group_name"), rs.getString("version"),
                rs.getString("latest_version"), boolOrNull(rs, "contract_enforced"), strings(rs, "tags"),
                strings(rs, "fqn"), strings(rs, "depends_on"), strings(rs, "depends_on_macros"),
                rs.getString("meta"), rs.getString("config"), rs.getString("columns"), rs.getString("raw_code"),
                rs.getString("compiled_code"), rs.getString("column_name"), rs.getString("test_metadata"),
                rs.getString("attached_node"), rs.getString("freshness_criteria"), rs.getString("details"));
        NodeRow.Execution e = !rs.getBoolean("has_execution") ? null : new NodeRow.Execution(
                rs.getString("last_status"), rs.getString("last_error"), longOrNull(rs, "last_failures"),
                longOrNull(rs, "last_run_id"), longOrNull(rs, "last_job_id"), utc(rs, "last_generated_at"),
                longOrNull(rs, "success_run_id"), longOrNull(rs, "success_job_id"),
                utc(rs, "success_generated_at"), utc(rs, "compile_started_at"), utc(rs, "compile_completed_at"),
                utc(rs, "execute_started_at"), utc(rs, "execute_completed_at"), doubleOrNull(rs, "execution_time"),
                doubleOrNull(rs, "run_elapsed_time"), rs.getString("thread_id"), rs.getString("invocation_id"));
        NodeRow.Catalog c = !rs.getBoolean("has_catalog") ? null : new NodeRow.Catalog(rs.getString("table_type"),
                rs.getString("owner"), rs.getString("catalog_comment"), rs.getString("catalog_columns"),
                rs.getString("catalog_stats"), longOrNull(rs, "catalog_run_id"), longOrNull(rs, "catalog_job_id"),
                utc(rs, "catalog_generated_at"));
        NodeRow.Freshness f = !rs.getBoolean("has_freshness") ? null : new NodeRow.Freshness(
                rs.getString("freshness_status"), rs.getString("freshness_error"), utc(rs, "max_loaded_at"),
                utc(rs, "snapshotted_at"), doubleOrNull(rs, "age_seconds"),
                rs.getString("freshness_checked_criteria"), longOrNull(rs, "freshness_run_id"),
                longOrNull(rs, "freshness_job_id"), utc(rs, "freshness_generated_at"));
        return new NodeRow(d, rs.getString("modeling_layer"), e, c, f);
    }

    @Nullable
    private static OffsetDateTime utc(ResultSet rs, String column) throws SQLException {
        LocalDateTime t = rs.getObject(column, LocalDateTime.class);
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }

    @Nullable
    private static OffsetDateTime utc(ResultSet rs, int column) throws SQLException {
        LocalDateTime t = rs.getObject(column, LocalDateTime.class);
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }

    @Nullable
    private static Long longOrNull(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    @Nullable
    private static Double doubleOrNull(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    @Nullable
    private static Boolean boolOrNull(ResultSet rs, String column) throws SQLException {
        boolean v = rs.getBoolean(column);
        return rs.wasNull() ? null : v;
    }

    private static List<String> strings(ResultSet rs, String column) throws SQLException {
        Array a = rs.getArray(column);
        return a == null ? List.of() : Arrays.stream((Object[]) a.getArray()).map(String::valueOf).toList();
    }
}
