package com.datacoves.jade.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns {@link NodeRow}s into the maps GraphQL answers from, keyed by dbt's field names (docs/discovery.md lists each
 * field's source). Keys starting with {@code _} are Jade's: {@code _type} names the GraphQL object type, {@code _deps}
 * the parents' ids. Related nodes (parents, children, tests, ancestors) are filled in by {@link DiscoveryFetchers}.
 */
final class NodeViews {

    /**
     * Where the nodes live.
     *
     * @param accountId     dbt Cloud account
     * @param projectId     dbt Cloud project
     * @param environmentId dbt Cloud environment
     * @param set           the node set
     */
    record Scope(long accountId, long projectId, long environmentId, NodeSetRow set) {
    }

    private NodeViews() {
    }

    /**
     * A view value computed only when a query selects its field (parsing a node's JSON columns is most of the cost of
     * a view): {@link DiscoverySchema}'s default data fetcher calls it. Java code reading views never reads these
     * keys.
     *
     * @param value computes the value (may return null)
     */
    record Deferred(java.util.function.Supplier<Object> value) {
    }

    /**
     * The GraphQL type prefix of a dbt resource type, which is also its {@code ResourceNodeType} value
     * ({@code model} → {@code Model}, {@code semantic_model} → {@code SemanticModel}).
     */
    static String kind(String resourceType) {
        return KINDS.computeIfAbsent(resourceType, t -> {
            StringBuilder out = new StringBuilder();
            for (String part : t.split("_")) {
                if (!part.isEmpty()) {
                    out.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
                }
            }
            return out.toString();
        });
    }

    /** {@link #kind} of each resource type seen (a handful), computed once: every view of a page asks for it. */
    private static final Map<String, String> KINDS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Resource types without execution: dbt serves them as definition nodes in both states
     * ({@code MacroDefinitionNode} in {@code applied.resources} too).
     */
    static final java.util.Set<String> DEFINITION_ONLY = java.util.Set.of("macro", "metric", "semantic_model",
            "saved_query", "group");

    /** Which state of the environment-scoped API a view belongs to. */
    enum State {
        /** {@code applied}: definitions with their latest execution, catalog and freshness. */
        APPLIED,
        /** {@code definition}: what the newest manifest defines, with that manifest's run. */
        DEFINITION
    }

    /** A node of the environment-scoped API in the given state ({@link #applied} or {@link #definition}). */
    static Map<String, Object> of(State state, NodeRow r, Scope s, boolean nested) {
        return state == State.APPLIED && !DEFINITION_ONLY.contains(r.definition().resourceType())
                ? applied(r, s, nested) : definition(r, s, nested);
    }

    /**
     * A node of the definition state: {@code …DefinitionNode}, or {@code …DefinitionNestedNode}. The applied view's
     * definition fields, and {@code runId}, {@code jobDefinitionId} and {@code runGeneratedAt} of the manifest's run;
     * a test's unit-test fields are empty (Jade extracts data tests only).
     */
    static Map<String, Object> definition(NodeRow r, Scope s, boolean nested) {
        Map<String, Object> v = applied(r, s, nested);
        v.put("_type", r.definition().resourceType().equals("group") ? "GroupNode"
                : kind(r.definition().resourceType()) + (nested ? "DefinitionNestedNode" : "DefinitionNode"));
        v.put("runId", s.set().runId());
        v.put("jobDefinitionId", s.set().jobId());
        v.put("jobId", s.set().jobId());
        v.put("runGeneratedAt", s.set().generatedAt());
        if (r.definition().resourceType().equals("test")) {
            v.put("eventStatus", Map.of());
            v.put("expect", Map.of());
            v.put("overrides", Map.of());
            v.put("given", List.of());
            v.put("resource", "");
        }
        return v;
    }

    /** A node of the environment-scoped API: {@code …AppliedStateNode}, or {@code …AppliedStateNestedNode}. */
    static Map<String, Object> applied(NodeRow r, Scope s, boolean nested) {
        NodeDefinition d = r.definition();
        Map<String, Object> v = common(r, s);
        v.put("_type", kind(d.resourceType()) + (nested ? "AppliedStateNestedNode" : "AppliedStateNode"));
        v.put("fqn", d.fqn());
        v.put("patchPath", d.patchPath());
        v.put("config", new Deferred(() -> json(d.configJson())));
        v.put("constraints", List.of());
        v.put("packages", List.of());
        v.put("versions", List.of());
        v.put("testStatuses", Map.of());
        v.put("modelingLayer", r.modelingLayer());
        v.put("parents", List.of());
        v.put("children", List.of());
        v.put("tests", List.of());
        v.put("executionInfo", executionInfo(r));
        v.put("catalog", new Deferred(() -> catalog(r, s)));
        if (d.resourceType().equals("source")) {
            v.put("freshness", freshness(r));
        }
        switch (d.resourceType()) {
            case "exposure" -> {
                exposure(v, d);
                v.put("manifestGeneratedAt", s.set().generatedAt());
            }
            case "macro" -> macro(v, d);
            case "metric" -> metric(v, d);
            case "semantic_model" -> semanticModel(v, d);
            case "saved_query" -> savedQuery(v, d);
            case "group" -> {
                JsonNode e = ArtifactJson.tree(d.detailsJson());
                v.put("ownerName", e == null ? null : ArtifactJson.text(e.path("owner"), "name"));
                v.put("ownerEmail", e == null ? null : ArtifactJson.text(e.path("owner"), "email"));
                v.put("models", List.of());
            }
            default -> {
            }
        }
        if (d.resourceType().equals("test")) {
            v.put("testType", testType(d));
            v.put("lastKnownResult", r.execution() == null ? null : r.execution().lastStatus());
            v.put("testMetadata", new Deferred(() -> testMetadata(d)));
            v.put("testedNodeUniqueId", d.attachedNode() != null ? d.attachedNode()
                    : d.dependsOn().isEmpty() ? null : d.dependsOn().get(0));
        }
        return v;
    }

    /**
     * An exposure's own fields, from the manifest ({@code type} as {@code exposureType}, {@code maturity},
     * {@code owner.name} and {@code owner.email}, {@code url}, {@code label}); {@code manifestGeneratedAt} is the
     * manifest's generation time, set by the caller's scope.
     */
    private static void exposure(Map<String, Object> v, NodeDefinition d) {
        JsonNode e = ArtifactJson.tree(d.detailsJson());
        JsonNode owner = e == null ? null : e.path("owner");
        v.put("exposureType", e == null ? null : ArtifactJson.text(e, "type"));
        v.put("maturity", e == null ? null : ArtifactJson.text(e, "maturity"));
        v.put("url", e == null ? null : ArtifactJson.text(e, "url"));
        v.put("label", e == null ? null : ArtifactJson.text(e, "label"));
        v.put("ownerName", owner == null ? null : ArtifactJson.text(owner, "name"));
        v.put("ownerEmail", owner == null ? null : ArtifactJson.text(owner, "email"));
    }

    /**
     * A macro's own fields: {@code macroSql} = {@code macro_sql}, {@code arguments} = the documented
     * {@code arguments} (name, type, description); its parents are the macros it calls.
     */
    private static void macro(Map<String, Object> v, NodeDefinition d) {
        v.put("macroSql", d.rawCode() == null ? "" : d.rawCode());
        v.put("arguments", new Deferred(() -> {
            JsonNode e = ArtifactJson.tree(d.detailsJson());
            List<Map<String, Object>> out = new ArrayList<>();
            if (e != null) {
                for (JsonNode a : e.path("arguments")) {
                    out.add(fields(a, "name", "type", "description"));
                }
            }
            return out;
        }));
    }

    /**
     * A metric's own fields: {@code label}, {@code type}, {@code typeParams} = {@code type_params}, {@code filter},
     * and {@code formula} = {@code type_params.expr} (a derived metric's expression); its parents are the semantic
     * models and metrics it is built on ({@code depends_on.nodes}).
     */
    private static void metric(Map<String, Object> v, NodeDefinition d) {
        JsonNode e = ArtifactJson.tree(d.detailsJson());
        v.put("label", e == null ? null : ArtifactJson.text(e, "label"));
        v.put("type", e == null ? null : ArtifactJson.text(e, "type"));
        v.put("formula", e == null ? null : ArtifactJson.text(e.path("type_params"), "expr"));
        v.put("typeParams", e == null ? null : toJava(e.get("type_params")));
        v.put("filter", e == null ? null : toJava(e.get("filter")));
    }

    /**
     * A semantic model's own fields: {@code label}, {@code entities} (name, type, description), {@code dimensions}
     * (name, type, description, {@code typeParams} = {@code type_params}), {@code measures} (name, agg,
     * description, expr, {@code createMetric} = {@code create_metric}); its parent is its model.
     */
    private static void semanticModel(Map<String, Object> v, NodeDefinition d) {
        JsonNode e = ArtifactJson.tree(d.detailsJson());
        List<Map<String, Object>> entities = new ArrayList<>();
        List<Map<String, Object>> dimensions = new ArrayList<>();
        List<Map<String, Object>> measures = new ArrayList<>();
        if (e != null) {
            e.path("entities").forEach(x -> entities.add(fields(x, "name", "type", "description")));
            for (JsonNode x : e.path("dimensions")) {
                Map<String, Object> dimension = fields(x, "name", "type", "description");
                dimension.put("typeParams", toJava(x.get("type_params")));
                dimensions.add(dimension);
            }
            for (JsonNode x : e.path("measures")) {
                Map<String, Object> measure = fields(x, "name", "agg", "description", "expr");
                measure.put("createMetric", x.path("create_metric").isBoolean() ? x.get("create_metric").asBoolean()
                        : null);
                measures.add(measure);
            }
        }
        v.put("label", e == null ? null : ArtifactJson.text(e, "label"));
        v.put("entities", entities);
        v.put("dimensions", dimensions);
        v.put("measures", measures);
    }

    /**
     * A saved query's own fields: {@code queryParams} from {@code query_params} ({@code metrics}, {@code groupBy} =
     * {@code group_by}, {@code orderBy} = {@code order_by}, {@code limit}, {@code where.whereFilters} =
     * {@code where.where_filters[].where_sql_template}) and {@code exports} ({@code name}, {@code config}:
     * {@code exportAs} = {@code export_as}, {@code schema} = {@code schema_name}, {@code database}, {@code alias});
     * its parents are its metrics.
     */
    private static void savedQuery(Map<String, Object> v, NodeDefinition d) {
        v.put("queryParams", new Deferred(() -> {
            JsonNode e = ArtifactJson.tree(d.detailsJson());
            JsonNode q = e == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance()
                    : e.path("query_params");
            Map<String, Object> params = new HashMap<>();
            params.put("metrics", ArtifactJson.strings(q.get("metrics")));
            params.put("groupBy", ArtifactJson.strings(q.get("group_by")));
            params.put("orderBy", ArtifactJson.strings(q.get("order_by")));
            params.put("limit", q.path("limit").isIntegralNumber() ? q.get("limit").asLong() : null);
            JsonNode filters = q.path("where").path("where_filters");
            if (filters.isArray()) {
                List<Map<String, Object>> where = new ArrayList<>();
                filters.forEach(f -> where.add(Map.of("whereSqlTemplate", f.path("where_sql_template").asText(""))));
                params.put("where", Map.of("whereFilters", where));
            } else {
                params.put("where", null);
            }
            return params;
        }));
        v.put("exports", new Deferred(() -> {
            JsonNode e = ArtifactJson.tree(d.detailsJson());
            List<Map<String, Object>> out = new ArrayList<>();
            if (e != null) {
                for (JsonNode x : e.path("exports")) {
                    JsonNode c = x.path("config");
                    Map<String, Object> config = new HashMap<>();
                    config.put("exportAs", ArtifactJson.text(c, "export_as") == null ? "table"
                            : ArtifactJson.text(c, "export_as"));
                    config.put("schema", ArtifactJson.text(c, "schema_name"));
                    config.put("database", ArtifactJson.text(c, "database"));
                    config.put("alias", ArtifactJson.text(c, "alias"));
                    Map<String, Object> export = new HashMap<>();
                    export.put("name", ArtifactJson.text(x, "name"));
                    export.put("config", config);
                    out.add(export);
                }
            }
            return out;
        }));
    }

    /** The named text fields of a JSON object (null when absent). */
    private static Map<String, Object> fields(JsonNode n, String... names) {
        Map<String, Object> out = new HashMap<>();
        for (String name : names) {
            out.put(name, ArtifactJson.text(n, name));
        }
        return out;
    }

    /** A node of the job-scoped API ({@code ModelNode}, {@code SourceNode}, …) in one run. */
    static Map<String, Object> ofRun(NodeRow r, Scope s, long jobId, long runId) {
        NodeDefinition d = r.definition();
        NodeRow.Execution e = r.execution();
        Map<String, Object> v = common(r, s);
        v.put("_type", kind(d.resourceType()) + "Node");
        v.put("jobId", jobId);
        v.put("runId", runId);
        List<String> dependsOn = new ArrayList<>(d.dependsOn());
        dependsOn.addAll(d.dependsOnMacros());
        v.put("dependsOn", dependsOn);
        v.put("rawSql", d.rawCode());
        v.put("compiledSql", d.compiledCode());
        v.put("dbtGroup", d.group());
        v.put("childrenL1", List.of());
        v.put("parentsModels", List.of());
        v.put("parentsSources", List.of());
        v.put("tests", List.of());
        String status = e == null ? null : e.lastStatus();
        v.put("status", status);
        v.put("state", d.resourceType().equals("source") ? freshnessStatus(r) : status);
        v.put("error", e == null ? null : e.lastError());
        v.put("skip", status == null ? null : status.equals("skipped"));
        v.put("fail", status == null ? null : status.equals("fail"));
        v.put("warn", status == null ? null : status.equals("warn"));
        v.put("compileStartedAt", e == null ? null : e.compileStartedAt());
        v.put("compileCompletedAt", e == null ? null : e.compileCompletedAt());
        v.put("executeStartedAt", e == null ? null : e.executeStartedAt());
        v.put("executeCompletedAt", e == null ? null : e.executeCompletedAt());
        v.put("executionTime", e == null ? null : e.executionTime());
        v.put("runElapsedTime", e == null ? null : e.runElapsedTime());
        v.put("runGeneratedAt", e == null ? null : e.lastGeneratedAt());
        v.put("threadId", e == null ? null : e.threadId());
        v.put("thread_id", e == null ? null : e.threadId());
        v.put("invocationId", e == null ? null : e.invocationId());
        v.put("runResults", e == null ? List.of() : List.of(runInfo(v)));
        NodeRow.Catalog c = r.catalog();
        v.put("columns", new Deferred(() -> columns(r)));
        v.put("comment", c == null ? null : c.comment());
        v.put("owner", c == null ? null : c.owner());
        v.put("type", c == null ? null : c.tableType());
        v.put("stats", c == null ? List.of() : new Deferred(() -> stats(c)));
        switch (d.resourceType()) {
            case "exposure" -> {
                exposure(v, d);
                v.put("manifestGeneratedAt", s.set().generatedAt());
                v.put("parents", List.of());
            }
            case "macro" -> {
                macro(v, d);
                v.put("originalFilePath", d.filePath());
                v.put("path", d.filePath());
                v.put("rootPath", null);
                v.put("dependsOn", d.dependsOn());
            }
            case "metric" -> {
                // dbt's older metrics spec; semantic-layer metrics (dbt 1.6 on) have none of it
                metric(v, d);
                v.put("dimensions", List.of());
                v.put("filters", List.of());
                v.put("timeGrains", null);
                v.put("expression", v.get("formula"));
            }
            default -> {
            }
        }
        if (d.resourceType().equals("source")) {
            Map<String, Object> f = freshness(r);
            v.put("criteria", f.get("criteria"));
            v.put("freshnessChecked", f.get("freshnessChecked"));
            v.put("maxLoadedAt", f.get("maxLoadedAt"));
            v.put("maxLoadedAtTimeAgoInS", f.get("maxLoadedAtTimeAgoInS"));
            v.put("snapshottedAt", f.get("snapshottedAt"));
        }
        return v;
    }

    /** A node of {@code applied.lineage}: {@code ModelLineageNode}, {@code SourceLineageNode}, …. */
    static Map<String, Object> lineage(NodeRow r, Scope s) {
        NodeDefinition d = r.definition();
        Map<String, Object> v = new HashMap<>();
        v.put("_type", kind(d.resourceType()) + "LineageNode");
        v.put("access", d.access());
        v.put("alias", d.alias());
        v.put("database", d.database());
        v.put("filePath", d.filePath() == null ? "" : d.filePath());
        v.put("group", d.group());
        v.put("materializationType", d.materializedType());
        v.put("name", d.name());
        v.put("parentIds", d.dependsOn());
        v.put("projectId", s.projectId());
        v.put("publicParentIds", List.of());
        v.put("resourceType", kind(d.resourceType()));
        v.put("schema", d.schema());
        v.put("tags", d.tags());
        v.put("uniqueId", d.uniqueId());
        v.put("version", d.version());
        v.put("fqn", d.fqn());
        v.put("lastRunStatus", r.execution() == null ? null : r.execution().lastStatus());
        v.put("modelingLayer", r.modelingLayer());
        v.put("sourceName", d.sourceName());
        return v;
    }

    private static Map<String, Object> common(NodeRow r, Scope s) {
        NodeDefinition d = r.definition();
        Map<String, Object> v = new HashMap<>();
        v.put("_deps", d.dependsOn());
        v.put("accountId", s.accountId());
        v.put("projectId", s.projectId());
        v.put("environmentId", s.environmentId());
        v.put("uniqueId", d.uniqueId());
        v.put("resourceType", d.resourceType());
        v.put("name", d.name());
        v.put("description", d.description());
        v.put("filePath", d.filePath() == null ? "" : d.filePath());
        v.put("meta", new Deferred(() -> json(d.metaJson())));
        v.put("tags", d.tags());
        v.put("dbtVersion", s.set().dbtVersion());
        v.put("packageName", d.packageName());
        v.put("database", d.database());
        v.put("schema", d.schema());
        v.put("alias", d.alias());
        v.put("identifier", d.identifier());
        v.put("relationName", d.relationName());
        v.put("access", d.access());
        v.put("group", d.group());
        v.put("version", d.version());
        v.put("latestVersion", d.latestVersion());
        v.put("contractEnforced", d.contractEnforced());
        v.put("materializedType", d.materializedType());
        v.put("language", d.language());
        v.put("rawCode", d.rawCode());
        v.put("compiledCode", d.compiledCode());
        v.put("sourceName", d.sourceName());
        v.put("sourceDescription", d.sourceDescription());
        v.put("loader", d.loader());
        v.put("columnName", d.columnName());
        return v;
    }

    /** dbt Cloud's executionInfo: last attempt and last success, null fields when Jade saw no execution. */
    private static Map<String, Object> executionInfo(NodeRow r) {
        NodeRow.Execution e = r.execution();
        Map<String, Object> x = new HashMap<>();
        if (e == null) {
            return x;
        }
        String status = e.lastStatus();
        if (r.definition().resourceType().equals("model")) {
            // ModelExecutionInfoNode.lastRunStatus is dbt's RunStatus enum: success, error or skipped
            status = status == null ? null : switch (status) {
                case "success", "error", "skipped" -> status;
                case "runtime error" -> "error";
                default -> null;
            };
        }
        x.put("lastRunStatus", status);
        x.put("lastRunError", e.lastError());
        x.put("lastRunFailures", e.lastFailures());
        x.put("lastRunSkip", e.lastStatus() == null ? null : e.lastStatus().equals("skipped"));
        x.put("lastRunId", e.lastRunId());
        x.put("lastJobDefinitionId", e.lastJobId());
        x.put("lastRunGeneratedAt", e.lastGeneratedAt());
        x.put("lastSuccessRunId", e.successRunId());
        x.put("lastSuccessJobDefinitionId", e.successJobId());
        x.put("runGeneratedAt", e.successGeneratedAt());
        x.put("compileStartedAt", e.compileStartedAt());
        x.put("compileCompletedAt", e.compileCompletedAt());
        x.put("executeStartedAt", e.executeStartedAt());
        x.put("executeCompletedAt", e.executeCompletedAt());
        x.put("executionTime", e.executionTime());
        x.put("runElapsedTime", e.runElapsedTime());
        return x;
    }

    @Nullable
    private static Map<String, Object> catalog(NodeRow r, Scope s) {
        NodeRow.Catalog c = r.catalog();
        if (c == null) {
            return null;
        }
        Map<String, Object> v = new HashMap<>();
        v.put("uniqueId", r.definition().uniqueId());
        v.put("environmentId", s.environmentId());
        v.put("type", c.tableType());
        v.put("owner", c.owner());
        v.put("comment", c.comment());
        v.put("columns", new Deferred(() -> columns(r)));
        v.put("stats", new Deferred(() -> stats(c)));
        v.put("rowCountStat", new Deferred(() -> statValue(stats(c), "row_count")));
        v.put("bytesStat", new Deferred(() -> statValue(stats(c), "bytes")));
        v.put("runId", c.runId());
        v.put("jobDefinitionId", c.jobId());
        v.put("runGeneratedAt", c.generatedAt());
        return v;
    }

    /**
     * Catalog columns (warehouse name, type, index, comment) with the manifest's documentation (description, meta,
     * tags) matched by name, case-insensitively; without a catalog, the documented columns with their declared
     * {@code data_type}.
     */
    static List<Map<String, Object>> columns(NodeRow r) {
        Map<String, JsonNode> docs = new LinkedHashMap<>();
        JsonNode documented = ArtifactJson.tree(r.definition().columnsJson());
        if (documented != null) {
            documented.fields().forEachRemaining(e -> docs.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
        }
        List<Map<String, Object>> out = new ArrayList<>();
        JsonNode catalog = r.catalog() == null ? null : ArtifactJson.tree(r.catalog().columnsJson());
        if (catalog != null) {
            for (JsonNode c : catalog) {
                String name = ArtifactJson.text(c, "name");
                JsonNode doc = name == null ? null : docs.get(name.toLowerCase(Locale.ROOT));
                out.add(column(name, ArtifactJson.text(c, "type"),
                        c.path("index").isNumber() ? c.path("index").asInt() : null, ArtifactJson.text(c, "comment"),
                        doc));
            }
            return out;
        }
        int index = 1;
        for (JsonNode doc : docs.values()) {
            out.add(column(ArtifactJson.text(doc, "name"), ArtifactJson.text(doc, "data_type"), index++, null, doc));
        }
        return out;
    }

    private static Map<String, Object> column(@Nullable String name, @Nullable String type, @Nullable Integer index,
                                              @Nullable String comment, @Nullable JsonNode doc) {
        Map<String, Object> v = new HashMap<>();
        v.put("name", name);
        v.put("type", type);
        v.put("index", index);
        v.put("comment", comment);
        v.put("description", doc == null ? null : ArtifactJson.text(doc, "description"));
        v.put("meta", doc == null || !doc.path("meta").isObject() ? null : toJava(doc.get("meta")));
        v.put("tags", doc == null ? List.of() : ArtifactJson.strings(doc.get("tags")));
        return v;
    }

    private static List<Map<String, Object>> stats(NodeRow.Catalog c) {
        List<Map<String, Object>> out = new ArrayList<>();
        JsonNode stats = ArtifactJson.tree(c.statsJson());
        if (stats != null) {
            for (JsonNode s : stats) {
                Map<String, Object> v = new HashMap<>();
                v.put("id", ArtifactJson.text(s, "id"));
                v.put("label", ArtifactJson.text(s, "label"));
                v.put("value", toJava(s.get("value")));
                v.put("include", s.path("include").asBoolean(false));
                v.put("description", ArtifactJson.text(s, "description"));
                out.add(v);
            }
        }
        return out;
    }

    @Nullable
    private static Object statValue(List<Map<String, Object>> stats, String id) {
        return stats.stream().filter(s -> id.equals(s.get("id"))).map(s -> s.get("value"))
                .filter(v -> v instanceof Number).findFirst().orElse(null);
    }

    /** SourceFreshnessNode: the latest check, null fields when the source was never checked. */
    private static Map<String, Object> freshness(NodeRow r) {
        NodeRow.Freshness f = r.freshness();
        Map<String, Object> v = new HashMap<>();
        JsonNode criteria = ArtifactJson.tree(f != null && f.criteriaJson() != null ? f.criteriaJson()
                : r.definition().freshnessJson());
        Map<String, Object> c = new HashMap<>();
        c.put("warnAfter", criteria == null ? null : criteriaInfo(criteria.get("warn_after")));
        c.put("errorAfter", criteria == null ? null : criteriaInfo(criteria.get("error_after")));
        v.put("criteria", c);
        v.put("freshnessChecked", f != null);
        v.put("freshnessStatus", freshnessStatus(r));
        v.put("maxLoadedAt", f == null ? null : f.maxLoadedAt());
        v.put("maxLoadedAtTimeAgoInS", f == null ? null : f.ageSeconds());
        v.put("snapshottedAt", f == null ? null : f.snapshottedAt());
        v.put("freshnessRunId", f == null ? null : f.runId());
        v.put("freshnessJobDefinitionId", f == null ? null : f.jobId());
        v.put("freshnessRunGeneratedAt", f == null ? null : f.generatedAt());
        return v;
    }

    @Nullable
    private static String freshnessStatus(NodeRow r) {
        NodeRow.Freshness f = r.freshness();
        if (f == null || f.status() == null) {
            return null;
        }
        return switch (f.status()) {
            case "pass" -> "Pass";
            case "warn" -> "Warn";
            case "error", "runtime error" -> "Error";
            default -> "Unknown";
        };
    }

    @Nullable
    private static Map<String, Object> criteriaInfo(@Nullable JsonNode n) {
        if (n == null || n.isNull() || !n.path("count").isNumber()) {
            return null;
        }
        Map<String, Object> v = new HashMap<>();
        v.put("count", n.path("count").asInt());
        String period = ArtifactJson.text(n, "period");
        v.put("period", period != null && List.of("minute", "hour", "day").contains(period) ? period : null);
        return v;
    }

    private static String testType(NodeDefinition d) {
        return d.testMetadataJson() != null ? "GENERIC_DATA_TEST" : "SINGULAR_DATA_TEST";
    }

    private static Map<String, Object> testMetadata(NodeDefinition d) {
        Map<String, Object> v = new HashMap<>();
        JsonNode m = ArtifactJson.tree(d.testMetadataJson());
        if (m != null) {
            v.put("name", ArtifactJson.text(m, "name"));
            v.put("namespace", ArtifactJson.text(m, "namespace"));
            v.put("kwargs", m.path("kwargs").isObject() ? toJava(m.get("kwargs")) : null);
            v.put("columnName", m.path("kwargs").has("column_name") ? m.path("kwargs").path("column_name").asText()
                    : d.columnName());
        }
        return v;
    }

    private static Map<String, Object> runInfo(Map<String, Object> node) {
        Map<String, Object> v = new HashMap<>();
        for (String k : List.of("compileCompletedAt", "compileStartedAt", "error", "executeCompletedAt",
                "executeStartedAt", "executionTime", "invocationId", "runElapsedTime", "runGeneratedAt", "skip",
                "status", "threadId")) {
            v.put(k, node.get(k));
        }
        return v;
    }

    /** JSON text as maps, lists and scalars (for JSONObject fields), or null. */
    @Nullable
    static Object json(@Nullable String json) {
        JsonNode n = ArtifactJson.tree(json);
        return n == null ? null : toJava(n);
    }

    @Nullable
    private static Object toJava(@Nullable JsonNode n) {
        return n == null || n.isNull() ? null : ArtifactJson.MAPPER.convertValue(n, Object.class);
    }
}
