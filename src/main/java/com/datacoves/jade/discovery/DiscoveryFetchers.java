package com.datacoves.jade.discovery;

import com.datacoves.jade.auth.Caller;
import com.datacoves.jade.datacoves.EnvironmentRow;
import com.datacoves.jade.discovery.DiscoveryQueryRepository.Detail;
import com.datacoves.jade.index.JobRow;
import com.datacoves.jade.index.RunIndexRepository;
import com.datacoves.jade.index.RunRow;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.DataFetchingFieldSelectionSet;
import graphql.schema.SelectedField;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The rules behind the Discovery API's fields: which environment or job a caller reaches (one it does not reach is
 * answered exactly like a missing one: GraphQL error {@code environment not found} / {@code job not found}), paging
 * ({@code first} 1–500, default 100; opaque cursors), filters, and loading related nodes once per page.
 */
@Singleton
public class DiscoveryFetchers {

    /** GraphQL context key of the {@link Caller}. */
    public static final String CALLER = "jade.caller";
    /** Largest {@code first}. */
    public static final int MAX_FIRST = 500;
    /** {@code first} when a query gives none. */
    public static final int DEFAULT_FIRST = 100;

    private final DiscoveryAccess access;
    private final DiscoveryQueryRepository nodes;
    private final RunIndexRepository runs;

    /** The caller's reach, node reads, and the run index. */
    public DiscoveryFetchers(DiscoveryAccess access, DiscoveryQueryRepository nodes, RunIndexRepository runs) {
        this.access = access;
        this.nodes = nodes;
        this.runs = runs;
    }

    /** What {@code environment(id)} resolves to: the environment and its applied node set (null before any). */
    record EnvironmentView(EnvironmentRow environment, @Nullable NodeSetRow set) {
        NodeViews.Scope scope() {
            return new NodeViews.Scope(environment.accountId(), environment.projectId(), environment.id(), set);
        }
    }

    /** What {@code job(id, runId)} resolves to. */
    record JobView(JobRow job, @Nullable NodeSetRow set, String airflowRunId, long runId) {
        NodeViews.Scope scope() {
            return new NodeViews.Scope(job.accountId(), job.projectId(), job.environmentId(), set);
        }
    }

    /** {@code Query.environment}. */
    DataFetcher<Map<String, Object>> environment() {
        return environment("id");
    }

    /** {@code Query.environment} with the environment id in the named argument. */
    private DataFetcher<Map<String, Object>> environment(String idArgument) {
        return env -> {
            long id = ((Number) env.getArgument(idArgument)).longValue();
            Caller caller = env.getGraphQlContext().get(CALLER);
            EnvironmentRow row = access.environment(caller, id)
                    .orElseThrow(() -> new DiscoveryException("environment not found"));
            NodeSetRow set = nodes.appliedSet(row.id()).orElse(null);
            Map<String, Object> v = new HashMap<>();
            v.put("dbtProjectName", set == null ? null : set.projectName());
            v.put("adapterType", set == null ? null : set.adapterType());
            v.put("applied", new EnvironmentView(row, set));
            return v;
        };
    }

    /** {@code AppliedState.lastUpdatedAt}. */
    DataFetcher<Object> lastUpdatedAt() {
        return env -> nodes.lastUpdatedAt(((EnvironmentView) env.getSource()).environment().id()).orElse(null);
    }

    /** {@code AppliedState.packages(resource)}. */
    DataFetcher<Object> packages() {
        return env -> {
            EnvironmentView v = env.getSource();
            return v.set() == null ? List.of() : nodes.packages(v.set(), env.getArgument("resource"));
        };
    }

    /**
     * {@code resourceCounts}: the state's nodes counted by resource type, as a JSON object keyed by dbt's resource
     * type ({@code {"model": 21, "test": 27, …}}); null before any manifest.
     */
    DataFetcher<Object> resourceCounts() {
        return env -> {
            EnvironmentView v = env.getSource();
            return v.set() == null ? null : nodes.resourceCounts(v.set());
        };
    }

    /** {@code tags}: every distinct tag of the state's nodes, as dbt's {@code Tag { name }}. */
    DataFetcher<Object> tags() {
        return env -> {
            EnvironmentView v = env.getSource();
            return v.set() == null ? List.of()
                    : nodes.tags(v.set()).stream().map(t -> Map.<String, Object>of("name", t)).toList();
        };
    }

    /** {@code AppliedState.owners(resource)}: the distinct owners of the exposures or of the groups. */
    DataFetcher<Object> owners() {
        return env -> {
            EnvironmentView v = env.getSource();
            Object resource = env.getArgument("resource");
            return v.set() == null ? List.of() : nodes.owners(v.set(), String.valueOf(resource));
        };
    }

    /**
     * A connection of nodes ({@code models}, {@code sources}, …, {@code resources}) of the applied or the definition
     * state.
     */
    DataFetcher<Object> connection(Function<DataFetchingEnvironment, NodeQuery> query, NodeViews.State state) {
        return env -> {
            EnvironmentView view = env.getSource();
            int first = first(env.getArgument("first"));
            Cursor after = Cursor.parse(env.getArgument("after"));
            int offset = after == null ? 0 : after.offset() + 1;
            NodeQuery q = query.apply(env);
            Detail detail = selectsCode(env.getSelectionSet(), "edges/node/") ? Detail.WITH_CODE : Detail.FULL;
            List<NodeRow> rows = view.set() == null ? List.of()
                    : nodes.page(view.set(), view.environment().id(), q, after, first + 1, detail);
            boolean hasNext = rows.size() > first;
            List<Map<String, Object>> views = new ArrayList<>();
            for (NodeRow r : rows.subList(0, Math.min(first, rows.size()))) {
                views.add(NodeViews.of(state, r, view.scope(), false));
            }
            if (view.set() != null) {
                related(env, "edges/node/", views, view.scope(), view.environment().id(), state);
            }
            List<Map<String, Object>> edges = new ArrayList<>();
            for (int i = 0; i < views.size(); i++) {
                edges.add(Map.of("node", views.get(i),
                        "cursor", new Cursor(offset + i, (String) views.get(i).get("uniqueId")).encode()));
            }
            Map<String, Object> page = new HashMap<>();
            page.put("hasNextPage", hasNext);
            page.put("hasPreviousPage", offset > 0);
            page.put("startCursor", edges.isEmpty() ? null : edges.get(0).get("cursor"));
            page.put("endCursor", edges.isEmpty() ? null : edges.get(edges.size() - 1).get("cursor"));
            Map<String, Object> c = new HashMap<>();
            c.put("edges", edges);
            c.put("pageInfo", page);
            c.put("totalCount", view.set() == null || !env.getSelectionSet().contains("totalCount") ? 0
                    : nodes.count(view.set(), view.environment().id(), q));
            return c;
        };
    }

    /** {@code AppliedState.lineage(filter)}: every matching node with its parents' ids. */
    DataFetcher<Object> lineage() {
        return env -> {
            EnvironmentView view = env.getSource();
            if (view.set() == null) {
                return List.of();
            }
            Map<String, Object> filter = env.getArgument("filter");
            if (!list(filter.get("columnNames")).isEmpty()) {
                throw new DiscoveryException("lineage filter columnNames is not supported (no column-level lineage)");
            }
            String select = (String) filter.get("select");
            String exclude = (String) filter.get("exclude");
            List<String> kinds = types(list(filter.get("types")));
            NodeQuery q = withIds(NodeQuery.of(kinds), list(filter.get("uniqueIds")), list(filter.get("tags")));
            Set<String> picked = null;
            if (!blank(select) || !blank(exclude)) {
                // the graph the selection walks: every kind (macros too when asked for), definitions only (with
                // their JSON fields when a method reads config or test metadata)
                Set<String> graphKinds = new LinkedHashSet<>(types(List.of()));
                graphKinds.addAll(kinds);
                Detail detail = LineageSelector.readsJson(select) || LineageSelector.readsJson(exclude)
                        ? Detail.DEFINITION_WITH_JSON
                        : Detail.DEFINITION;
                LineageSelector selector = new LineageSelector(nodes.all(view.set(), view.environment().id(), null,
                        NodeQuery.of(List.copyOf(graphKinds)), detail).stream()
                        .map(NodeRow::definition).toList(), nodes.results(view.environment().id()),
                        nodes.selectors(view.set()), nodes.states(view.environment().id(), view.set()));
                picked = blank(select) ? null : selector.select(select);
                if (!blank(exclude)) {
                    Set<String> excluded = selector.select(exclude);
                    if (picked == null) {
                        picked = new LinkedHashSet<>(selector.select("*"));
                    }
                    picked.removeAll(excluded);
                }
            }
            Set<String> chosen = picked;
            return nodes.all(view.set(), view.environment().id(), null, q, Detail.DEFINITION_WITH_EXECUTION).stream()
                    .filter(r -> chosen == null || chosen.contains(r.definition().uniqueId()))
                    .map(r -> NodeViews.lineage(r, view.scope())).toList();
        };
    }

    /** Most runs {@code modelHistoricalRuns(lastRunCount:)} answers. */
    public static final int MAX_HISTORICAL_RUNS = 100;

    /**
     * {@code AppliedState.modelHistoricalRuns(uniqueId | identifier, lastRunCount)}: the model as each of its latest
     * runs left it ({@code ModelNode}, the job-scoped type: that run's status, timings and ids), newest first. The
     * definition is the environment's current one; a model by {@code identifier} is the first model of that relation
     * name.
     */
    DataFetcher<Object> modelHistoricalRuns() {
        return env -> {
            EnvironmentView view = env.getSource();
            Integer count = env.getArgument("lastRunCount");
            int runs = count == null ? 1 : count;
            if (runs < 1 || runs > MAX_HISTORICAL_RUNS) {
                throw new DiscoveryException("lastRunCount must be between 1 and " + MAX_HISTORICAL_RUNS);
            }
            String uniqueId = env.getArgument("uniqueId");
            String identifier = env.getArgument("identifier");
            if (uniqueId == null && identifier == null) {
                throw new DiscoveryException("modelHistoricalRuns needs uniqueId or identifier");
            }
            if (view.set() == null) {
                return List.of();
            }
            long environmentId = view.environment().id();
            if (uniqueId == null) {
                NodeQuery byIdentifier = new NodeQuery(List.of("model"), List.of(), List.of(), null, null, identifier,
                        null, null, null, null, null, List.of(), null, null, List.of(), null, false, false);
                uniqueId = nodes.all(view.set(), environmentId, null, byIdentifier, Detail.DEFINITION).stream()
                        .map(r -> r.definition().uniqueId()).findFirst().orElse(null);
                if (uniqueId == null) {
                    return List.of();
                }
            }
            List<Map<String, Object>> out = new ArrayList<>();
            for (DiscoveryQueryRepository.HistoricalRun run : nodes.historicalRuns(environmentId, uniqueId, runs)) {
                long jobId = run.jobId() == null ? 0 : run.jobId();
                long runId = run.runId() == null ? 0 : run.runId();
                List<Map<String, Object>> views = new ArrayList<>();
                for (NodeRow r : nodes.byIds(view.set(), environmentId, run.airflowRunId(), List.of(uniqueId),
                        Detail.FULL)) {
                    views.add(NodeViews.ofRun(r, view.scope(), jobId, runId));
                }
                runTests(env.getSelectionSet(), view.scope(), run.airflowRunId(), jobId, runId, views);
                out.addAll(views);
            }
            return out;
        };
    }

    /** {@code ancestors(types)}: the prefetched ancestors of the node, of the asked kinds (all, when the field takes no kinds). */
    DataFetcher<Object> ancestors() {
        return env -> {
            Map<String, Object> node = env.getSource();
            Set<String> kinds = new LinkedHashSet<>();
            for (Object t : list(env.getArgument("types"))) {
                kinds.add(String.valueOf(t).toLowerCase(Locale.ROOT));
            }
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> all = (List<Map<String, Object>>) node.getOrDefault("_ancestors", List.of());
            if (!env.containsArgument("types")) {
                return all; // an exposure's ancestors take no types: all of them
            }
            return all.stream().filter(a -> kinds.contains(String.valueOf(a.get("resourceType")))).toList();
        };
    }

    /** {@code Query.job(id, runId)}. */
    DataFetcher<Object> job() {
        return job("id");
    }

    /** {@code Query.job} with the job id in the named argument. */
    private DataFetcher<Object> job(String idArgument) {
        return env -> {
            Caller caller = env.getGraphQlContext().get(CALLER);
            long id = ((Number) env.getArgument(idArgument)).longValue();
            Number runArgument = env.getArgument("runId");
            Long runId = runArgument == null ? null : runArgument.longValue();
            JobRow job = access.job(caller, id).orElseThrow(() -> new DiscoveryException("job not found"));
            String airflowRunId;
            long dbtRunId = 0;
            if (runId != null) {
                RunRow run = runs.find(job.accountId(), runId).filter(r -> r.jobId() == id)
                        .orElseThrow(() -> new DiscoveryException("run not found"));
                airflowRunId = run.dagRun().airflowRunId();
                dbtRunId = run.id();
            } else {
                airflowRunId = nodes.latestRunWithResults(job.environmentId(), job.id(), job.dagId()).orElse(null);
            }
            JobRow found = job;
            NodeSetRow set = nodes.dagSet(found.environmentId(), found.dagId())
                    .or(() -> nodes.appliedSet(found.environmentId())).orElse(null);
            if (airflowRunId == null && set != null) {
                airflowRunId = set.airflowRunId();
            }
            if (set == null) {
                throw new DiscoveryException("no artifacts for job " + id);
            }
            if (dbtRunId == 0 && airflowRunId != null) {
                dbtRunId = runs.find(job.environmentId(), job.dagId(), airflowRunId).map(RunRow::id).orElse(0L);
            }
            Map<String, Object> v = new HashMap<>();
            v.put("id", job.id());
            v.put("runId", dbtRunId);
            v.put("_view", new JobView(job, set, airflowRunId == null ? "" : airflowRunId, dbtRunId));
            return v;
        };
    }

    /**
     * dbt's older root fields ({@code Query.models(jobId:, runId:)}, {@code Query.model(jobId:, runId:, uniqueId:)},
     * seeds, snapshots, sources, tests): exactly {@code job(id: jobId, runId: runId) { models … }}.
     */
    DataFetcher<Object> rootJobNodes(String resourceType, boolean single) {
        DataFetcher<Object> job = job("jobId");
        DataFetcher<Object> list = jobNodes(resourceType, single);
        return env -> list.get(graphql.schema.DataFetchingEnvironmentImpl.newDataFetchingEnvironment(env)
                .source(job.get(env)).build());
    }

    /**
     * dbt's older {@code Query.modelByEnvironment(environmentId:, uniqueId: | identifier:, lastRunCount:)}: exactly
     * {@code environment(id:) { applied { modelHistoricalRuns(…) } }}.
     */
    DataFetcher<Object> modelByEnvironment() {
        DataFetcher<Map<String, Object>> environment = environment("environmentId");
        DataFetcher<Object> history = modelHistoricalRuns();
        return env -> history.get(graphql.schema.DataFetchingEnvironmentImpl.newDataFetchingEnvironment(env)
                .source(environment.get(env).get("applied")).build());
    }

    /** A list of the job run's nodes of one resource type ({@code JobNode.models}, …), or one by unique id. */
    DataFetcher<Object> jobNodes(String resourceType, boolean single) {
        return env -> {
            Map<String, Object> source = env.getSource();
            JobView view = (JobView) source.get("_view");
            NodeQuery q = NodeQuery.of(List.of(resourceType));
            // exposure(name:) names the exposure; every other single field takes its unique id
            String byName = single && resourceType.equals("exposure") ? env.getArgument("name") : null;
            if (single && byName == null) {
                q = withIds(q, List.of((Object) env.getArgument("uniqueId")), List.of());
            } else if (!single) {
                q = new NodeQuery(q.resourceTypes(), List.of(), List.of(), env.getArgument("database"),
                        env.getArgument("schema"), env.getArgument("identifier"), null, null, null, null, null,
                        List.of(), null, null, List.of(), null, false, false);
            }
            // code is the bulk of a node: read it only when asked (a job of 21,739 models otherwise holds it all)
            var selection = env.getSelectionSet();
            List<Map<String, Object>> views = new ArrayList<>();
            Detail detail = selectsCode(selection, "") ? Detail.WITH_CODE : jobDetail(selection);
            for (NodeRow r : nodes.all(view.set(), view.job().environmentId(), view.airflowRunId(), q, detail)) {
                if (byName == null || byName.equals(r.definition().name())) {
                    views.add(NodeViews.ofRun(r, view.scope(), view.job().id(), view.runId()));
                }
            }
            String prefix = "";
            boolean parents = env.getSelectionSet().contains("parentsModels")
                    || env.getSelectionSet().contains("parentsSources") || env.getSelectionSet().contains("parents");
            if (parents) {
                Set<String> ids = new LinkedHashSet<>();
                views.forEach(v -> ids.addAll(deps(v)));
                Map<String, Map<String, Object>> byId = new HashMap<>();
                Detail parentDetail = detail(env.getSelectionSet(), "parentsModels", "parentsSources", "parents");
                for (NodeRow r : nodes.byIds(view.set(), view.job().environmentId(), view.airflowRunId(), ids,
                        parentDetail)) {
                    byId.put(r.definition().uniqueId(),
                            NodeViews.ofRun(r, view.scope(), view.job().id(), view.runId()));
                }
                for (Map<String, Object> v : views) {
                    List<Map<String, Object>> ps = deps(v).stream().map(byId::get).filter(p -> p != null).toList();
                    v.put("parentsModels", ps.stream().filter(p -> "model".equals(p.get("resourceType"))).toList());
                    v.put("parentsSources", ps.stream().filter(p -> "source".equals(p.get("resourceType"))).toList());
                    v.put("parents", ps);
                }
            }
            if (!resourceType.equals("test")) {
                runTests(env.getSelectionSet(), view.scope(), view.airflowRunId(), view.job().id(), view.runId(),
                        views);
            }
            if (env.getSelectionSet().contains(prefix + "childrenL1")) {
                Map<String, List<String>> children = new HashMap<>();
                List<String> ids = views.stream().map(v -> (String) v.get("uniqueId")).toList();
                for (NodeRow c : nodes.childrenOf(view.set(), view.job().environmentId(), view.airflowRunId(), ids,
                        Detail.DEFINITION)) {
                    for (String d : c.definition().dependsOn()) {
                        children.computeIfAbsent(d, k -> new ArrayList<>()).add(c.definition().uniqueId());
                    }
                }
                views.forEach(v -> v.put("childrenL1", children.getOrDefault((String) v.get("uniqueId"), List.of())));
            }
            if (single) {
                return views.isEmpty() ? null : views.get(0);
            }
            return views;
        };
    }

    /**
     * Fills {@code tests} of job-scoped nodes ({@code ModelNode.tests}, …) when the query selects it: the tests whose
     * {@code depends_on} names the node, with their results in the same run (one statement for all the nodes).
     */
    private void runTests(DataFetchingFieldSelectionSet selection, NodeViews.Scope scope, String airflowRunId,
                          long jobId, long runId, List<Map<String, Object>> views) {
        if (views.isEmpty() || !selection.contains("tests")) {
            return;
        }
        Detail detail = Detail.DEFINITION_WITH_EXECUTION;
        for (SelectedField f : selection.getFields("tests/*")) {
            if (!DEFINITION_FIELDS.contains(f.getName()) && !RUN_RESULT_FIELDS.contains(f.getName())) {
                detail = Detail.FULL;
            }
        }
        Map<String, List<Map<String, Object>>> tests = new HashMap<>();
        Set<String> ids = new LinkedHashSet<>();
        views.forEach(v -> ids.add((String) v.get("uniqueId")));
        for (NodeRow t : nodes.childrenOf(scope.set(), scope.environmentId(), airflowRunId, ids, detail)) {
            if (t.definition().resourceType().equals("test")) {
                Map<String, Object> test = NodeViews.ofRun(t, scope, jobId, runId);
                for (String d : t.definition().dependsOn()) {
                    if (ids.contains(d)) {
                        tests.computeIfAbsent(d, k -> new ArrayList<>()).add(test);
                    }
                }
            }
        }
        views.forEach(v -> v.put("tests", tests.getOrDefault((String) v.get("uniqueId"), List.of())));
    }

    /** Fills parents, children, tests and ancestors of a page's nodes when the query selects them. */
    private void related(DataFetchingEnvironment env, String prefix, List<Map<String, Object>> views,
                         NodeViews.Scope scope, long environmentId, NodeViews.State state) {
        if (views.isEmpty()) {
            return;
        }
        var selection = env.getSelectionSet();
        List<String> ids = views.stream().map(v -> (String) v.get("uniqueId")).toList();
        if (selection.contains(prefix + "parents")) {
            Set<String> parentIds = new LinkedHashSet<>();
            views.forEach(v -> parentIds.addAll(deps(v)));
            Map<String, Map<String, Object>> byId = new HashMap<>();
            for (NodeRow r : nodes.byIds(scope.set(), environmentId, null, parentIds,
                    detail(selection, prefix + "parents"))) {
                byId.put(r.definition().uniqueId(), NodeViews.of(state, r, scope, true));
            }
            for (Map<String, Object> v : views) {
                v.put("parents", deps(v).stream().map(byId::get).filter(p -> p != null).toList());
            }
        }
        if (selection.contains(prefix + "children") || selection.contains(prefix + "tests")) {
            Map<String, List<Map<String, Object>>> children = new HashMap<>();
            Map<String, List<Map<String, Object>>> tests = new HashMap<>();
            Set<String> page = new LinkedHashSet<>(ids);
            for (NodeRow c : nodes.childrenOf(scope.set(), environmentId, null, ids,
                    detail(selection, prefix + "children", prefix + "tests"))) {
                Map<String, Object> nested = NodeViews.of(state, c, scope, true);
                for (String d : c.definition().dependsOn()) {
                    if (page.contains(d)) {
                        children.computeIfAbsent(d, k -> new ArrayList<>()).add(nested);
                        if (c.definition().resourceType().equals("test")) {
                            tests.computeIfAbsent(d, k -> new ArrayList<>()).add(nested);
                        }
                    }
                }
            }
            for (Map<String, Object> v : views) {
                v.put("children", children.getOrDefault((String) v.get("uniqueId"), List.of()));
                v.put("tests", tests.getOrDefault((String) v.get("uniqueId"), List.of()));
            }
        }
        if (selection.contains(prefix + "models") || selection.contains(prefix + "modelCount")) {
            // a group's models: the models whose group is the group's name
            Map<String, List<Map<String, Object>>> byGroup = new HashMap<>();
            Set<String> groups = new LinkedHashSet<>();
            views.forEach(v -> groups.add((String) v.get("name")));
            for (NodeRow m : nodes.modelsOfGroups(scope.set(), environmentId, groups,
                    detail(selection, prefix + "models"))) {
                byGroup.computeIfAbsent(m.definition().group(), k -> new ArrayList<>())
                        .add(NodeViews.definition(m, scope, true));
            }
            for (Map<String, Object> v : views) {
                List<Map<String, Object>> models = byGroup.getOrDefault((String) v.get("name"), List.of());
                v.put("models", models);
                v.put("modelCount", models.size());
            }
        }
        if (selection.contains(prefix + "ancestors")) {
            Map<String, List<String>> ancestors = nodes.ancestorIds(scope.set(), ids);
            Set<String> all = new LinkedHashSet<>();
            ancestors.values().forEach(all::addAll);
            Map<String, Map<String, Object>> byId = new HashMap<>();
            for (NodeRow r : nodes.byIds(scope.set(), environmentId, null, all,
                    detail(selection, prefix + "ancestors"))) {
                byId.put(r.definition().uniqueId(), NodeViews.of(state, r, scope, true));
            }
            for (Map<String, Object> v : views) {
                v.put("_ancestors", ancestors.getOrDefault((String) v.get("uniqueId"), List.of()).stream()
                        .map(byId::get).filter(a -> a != null).toList());
            }
        }
    }

    /**
     * Fields of a node view that come from its definition's plain columns or the scope ({@link NodeViews}): when a
     * query selects only these under related nodes, they are read without JSON, code or joined state.
     */
    private static final Set<String> DEFINITION_FIELDS = Set.of("__typename", "uniqueId", "resourceType", "name",
            "description", "filePath", "patchPath", "tags", "fqn", "dbtVersion", "packageName", "database", "schema",
            "alias", "identifier", "access", "group", "dbtGroup", "version", "latestVersion", "contractEnforced",
            "materializedType", "language", "sourceName", "sourceDescription", "loader", "columnName",
            "modelingLayer", "testedNodeUniqueId", "dependsOn", "accountId", "projectId", "environmentId", "jobId",
            "runId", "exposureType", "maturity", "url", "label", "ownerName", "ownerEmail", "manifestGeneratedAt",
            "jobDefinitionId", "runGeneratedAt", "relationName");

    /**
     * Fields of a job-scoped node view ({@link NodeViews#ofRun}) that come from the run's result, besides
     * {@link #DEFINITION_FIELDS}; related lists are read by their own statements.
     */
    private static final Set<String> RUN_RESULT_FIELDS = Set.of("status", "error", "skip", "fail", "warn",
            "compileStartedAt", "compileCompletedAt", "executeStartedAt", "executeCompletedAt", "executionTime",
            "runElapsedTime", "runGeneratedAt", "threadId", "thread_id", "invocationId", "runResults", "childrenL1",
            "parentsModels", "parentsSources");

    /** Fields of a node view filled from its code ({@code raw_code}, {@code compiled_code}). */
    private static final List<String> CODE_FIELDS = List.of("rawCode", "compiledCode", "rawSql", "compiledSql",
            "macroSql");

    /**
     * Whether the query selects a field filled from code, at {@code prefix} ({@code ""}: the field's own selection,
     * {@code "edges/node/"}: a connection's nodes): code is the bulk of a node, read only when asked.
     */
    private static boolean selectsCode(DataFetchingFieldSelectionSet selection, String prefix) {
        return CODE_FIELDS.stream().anyMatch(f -> selection.contains(prefix + f));
    }

    /**
     * {@link Detail#DEFINITION_WITH_EXECUTION} when a job-scoped list selects only definition and run-result fields
     * (a job's list is read whole: 21,739 models with their JSON, catalog and freshness took most of a 512 MB heap),
     * else {@link Detail#FULL}.
     */
    private static Detail jobDetail(DataFetchingFieldSelectionSet selection) {
        for (SelectedField f : selection.getImmediateFields()) {
            if (!DEFINITION_FIELDS.contains(f.getName()) && !RUN_RESULT_FIELDS.contains(f.getName())) {
                return Detail.FULL;
            }
        }
        return Detail.DEFINITION_WITH_EXECUTION;
    }

    /** {@link Detail#DEFINITION} when every field selected under the paths is one of {@link #DEFINITION_FIELDS}. */
    private static Detail detail(DataFetchingFieldSelectionSet selection, String... paths) {
        for (String path : paths) {
            for (SelectedField f : selection.getFields(path + "/*")) {
                if (!DEFINITION_FIELDS.contains(f.getName())) {
                    return Detail.FULL;
                }
            }
        }
        return Detail.DEFINITION;
    }

    @SuppressWarnings("unchecked")
    private static List<String> deps(Map<String, Object> view) {
        return (List<String>) view.getOrDefault("_deps", List.of());
    }

    private static boolean blank(@Nullable String s) {
        return s == null || s.isBlank();
    }

    /**
     * dbt's ResourceNodeType values as Jade's resource types ({@code SemanticModel} → {@code semantic_model}); an
     * unknown kind matches nothing. No kinds: every kind but macros, which are not nodes of dbt's graph
     * (docs/discovery.md).
     */
    static List<String> types(List<Object> kinds) {
        if (kinds.isEmpty()) {
            return List.of("model", "seed", "snapshot", "source", "test", "exposure", "metric", "semantic_model",
                    "saved_query");
        }
        List<String> out = new ArrayList<>();
        for (Object k : kinds) {
            String t = String.valueOf(k).replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
            if (ManifestReader.SERVED.contains(t)) {
                out.add(t);
            }
        }
        return out.isEmpty() ? List.of("-") : out;
    }

    static NodeQuery withIds(NodeQuery q, List<Object> uniqueIds, List<Object> tags) {
        return new NodeQuery(q.resourceTypes(), strings(uniqueIds), strings(tags), q.database(), q.schema(),
                q.identifier(), q.packageName(), q.access(), q.group(), q.modelingLayer(), q.lastRunStatus(),
                q.sourceNames(), q.freshnessStatus(), q.freshnessChecked(), q.testTypes(), q.exposureType(), q.byExecuteCompletedAt(),
                q.descending());
    }

    static List<String> strings(List<Object> values) {
        return values.stream().map(String::valueOf).toList();
    }

    /** A list argument or filter field (a single value counts as a list of one, as GraphQL input coercion does). */
    @SuppressWarnings("unchecked")
    static List<Object> list(@Nullable Object value) {
        if (value == null) {
            return List.of();
        }
        return value instanceof List<?> l ? (List<Object>) l : List.of(value);
    }

    private static int first(@Nullable Integer first) {
        if (first == null) {
            return DEFAULT_FIRST;
        }
        if (first < 1 || first > MAX_FIRST) {
            throw new DiscoveryException("first must be between 1 and " + MAX_FIRST);
        }
        return first;
    }

    /**
     * A Relay cursor of a node connection: the edge's position in the whole ordered list and its node's unique id,
     * base64url of {@code offset:<n>:<unique id>}. A page after a cursor starts after that unique id when the list is
     * ordered by unique id (an index range, whatever the page's depth), else at position {@code n + 1}.
     *
     * @param offset   position of the edge, from 0
     * @param uniqueId the edge's node
     */
    record Cursor(int offset, String uniqueId) {

        /**
         * @return the cursor, or null for no cursor (null or empty)
         * @throws DiscoveryException when the text is not a cursor Jade issued
         */
        @Nullable
        static Cursor parse(@Nullable String after) {
            if (after == null || after.isEmpty()) {
                return null;
            }
            try {
                String s = new String(Base64.getUrlDecoder().decode(after), StandardCharsets.UTF_8);
                String[] parts = s.split(":", 3);
                if (parts.length != 3 || !parts[0].equals("offset") || parts[2].isEmpty()) {
                    throw new IllegalArgumentException();
                }
                int n = Integer.parseInt(parts[1]);
                if (n < 0) {
                    throw new IllegalArgumentException();
                }
                return new Cursor(n, parts[2]);
            } catch (IllegalArgumentException e) {
                throw new DiscoveryException("invalid cursor: " + after);
            }
        }

        String encode() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(("offset:" + offset + ":" + uniqueId).getBytes(StandardCharsets.UTF_8));
        }
    }
}
