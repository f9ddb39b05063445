package com.datacoves.jade.discovery;

import com.datacoves.jade.manifests.Artifacts;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Macros, metrics and semantic models of the real jaffle_shop manifest (786 macros, 19 metrics, 6 semantic models), as
 * dbt-mcp, Lightdash, dbterd and Metaphor ask for them — each client's request replayed verbatim from
 * src/test/resources/discovery/clients/ — and every answered field checked against the manifest.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DefinitionKindsTest extends DiscoveryTestBase {

    private static final String ORDER_ITEM = "semantic_model.jaffle_shop.order_item";

    private JsonNode manifest;

    @BeforeAll
    void readManifest() throws Exception {
        manifest = JSON.readTree(Files.readAllBytes(Artifacts.named("jaffle_shop__manifest.json")));
        assertEquals(786, manifest.path("macros").size());
        assertEquals(19, manifest.path("metrics").size());
        assertEquals(6, manifest.path("semantic_models").size());
    }

    // ---- dbt-mcp -----------------------------------------------------------------------------------------------

    /** get_all_macros: applied.resources of type Macro, 100 a page, as dbt-mcp's paginator asks. */
    @Test
    void dbtMcpPagesEveryMacro() throws Exception {
        Map<String, JsonNode> answered = new TreeMap<>();
        String after = null;
        int pages = 0;
        while (true) {
            Map<String, Object> variables = new HashMap<>();
            variables.put("filter", Map.of("types", List.of("Macro")));
            variables.put("environmentId", 1);
            variables.put("first", 100);
            if (after != null) {
                variables.put("after", after);
            }
            JsonNode resources = ok(replay("dbt-mcp/GET_MACROS.graphql", variables)).at("/environment/applied/resources");
            resources.path("edges").forEach(e -> answered.put(e.at("/node/uniqueId").asText(), e.path("node")));
            pages++;
            if (!resources.at("/pageInfo/hasNextPage").asBoolean()) {
                break;
            }
            after = resources.at("/pageInfo/endCursor").asText();
        }
        assertEquals(8, pages);
        assertEquals(keys(manifest.path("macros")), answered.keySet());
        answered.forEach((id, node) -> {
            JsonNode defined = manifest.path("macros").path(id);
            assertEquals(defined.path("name").asText(), node.path("name").asText(), id);
            assertEquals(defined.path("package_name").asText(), node.path("packageName").asText(), id);
            assertEquals(defined.path("description").asText(), node.path("description").asText(""), id);
        });
    }

    /**
     * get_macro_details and get_semantic_model_details: dbt-mcp lists the macro and model packages, guesses
     * {@code <type>.<package>.<name>} for each, and asks for all of them at once.
     */
    @Test
    void dbtMcpFindsAMacroAndASemanticModelByName() throws Exception {
        List<String> macroPackages = packages("macro");
        List<String> modelPackages = packages("model");
        Set<String> definedMacroPackages = new TreeSet<>();
        manifest.path("macros").forEach(m -> definedMacroPackages.add(m.path("package_name").asText()));
        assertEquals(new ArrayList<>(definedMacroPackages), macroPackages);
        assertEquals(List.of("jaffle_shop"), modelPackages);

        JsonNode macro = byName("macro", "get_macro_details.gql", "Macro", "cents_to_dollars", macroPackages,
                modelPackages);
        JsonNode defined = manifest.path("macros").path("macro.jaffle_shop.cents_to_dollars");
        assertEquals("macro.jaffle_shop.cents_to_dollars", macro.path("uniqueId").asText());
        assertEquals(defined.path("macro_sql").asText(), macro.path("macroSql").asText());
        assertEquals(defined.path("original_file_path").asText(), macro.path("filePath").asText());
        assertEquals("macro", macro.path("resourceType").asText());
        assertEquals(defined.path("arguments").size(), macro.path("arguments").size());
        assertTrue(macro.path("runGeneratedAt").isTextual(), "the manifest's run: " + macro);

        JsonNode model = byName("semantic_model", "get_semantic_model_details.gql", "SemanticModel", "order_item",
                macroPackages, modelPackages);
        checkSemanticModel(manifest.path("semantic_models").path(ORDER_ITEM), model);
        assertEquals(List.of("jaffle_shop", "marts", "order_item"), strings(model.path("fqn")));
        assertEquals("semantic_model", model.path("resourceType").asText());
    }

    /** get_lineage: the whole lineage of every kind dbt-mcp knows, then walked by parentIds on its side. */
    @Test
    void dbtMcpLineageHasMetricsAndSemanticModelsWithTheirParents() throws Exception {
        List<String> types = List.of("Model", "Source", "Seed", "Snapshot", "Exposure", "Metric", "SemanticModel",
                "SavedQuery", "Test");
        JsonNode lineage = ok(replay("dbt-mcp/get_full_lineage.gql",
                new LinkedHashMap<>(Map.of("environmentId", 1, "types", types)))).at("/environment/applied/lineage");
        Map<String, JsonNode> byId = new TreeMap<>();
        lineage.forEach(n -> byId.put(n.path("uniqueId").asText(), n));
        Set<String> expected = new TreeSet<>();
        manifest.path("nodes").forEach(n -> {
            if (Set.of("model", "seed", "snapshot", "test").contains(n.path("resource_type").asText())) {
                expected.add(n.path("unique_id").asText());
            }
        });
        for (String section : List.of("sources", "exposures", "metrics", "semantic_models", "saved_queries")) {
            expected.addAll(keys(manifest.path(section)));
        }
        assertEquals(expected, byId.keySet(), "every kind but macros and unit tests");
        Map<String, String> kinds = Map.of("metrics", "Metric", "semantic_models", "SemanticModel",
                "saved_queries", "SavedQuery");
        kinds.forEach((section, kind) -> manifest.path(section).forEach(d -> {
            JsonNode n = byId.get(d.path("unique_id").asText());
            assertEquals(strings(d.path("depends_on").path("nodes")), strings(n.path("parentIds")),
                    d.path("unique_id").asText());
            assertEquals(kind, n.path("resourceType").asText());
        }));
    }

    /**
     * lineage with dbt's {@code select} and {@code exclude} (LineageSelectorTest covers the syntax): the ancestors of
     * everything named customers, without the sources, of the asked kinds; a bad selector or {@code columnNames} is a
     * GraphQL error.
     */
    @Test
    void lineageSelectAndExclude() throws Exception {
        String query = """
                query ($environmentId: BigInt!, $filter: LineageFilter!) { environment(id: $environmentId) {
                  applied { lineage(filter: $filter) { uniqueId resourceType } } } }""";
        JsonNode lineage = ok(postGraphql("/graphql", JSON.writeValueAsString(Map.of("query", query, "variables", Map.of("environmentId", 1,
                "filter", Map.of("select", "+customers", "exclude", "resource_type:source",
                        "types", List.of("Model", "Source", "Seed", "SemanticModel")))))))
                .at("/environment/applied/lineage");
        Set<String> expected = new TreeSet<>(Set.of("model.jaffle_shop.customers", "semantic_model.jaffle_shop.customers"));
        java.util.Deque<String> todo = new java.util.ArrayDeque<>(expected);
        while (!todo.isEmpty()) {
            manifest.path("parent_map").path(todo.pop()).forEach(p -> {
                if (expected.add(p.asText())) {
                    todo.add(p.asText());
                }
            });
        }
        expected.removeIf(id -> id.startsWith("source."));
        assertTrue(expected.size() > 5 && expected.contains("model.jaffle_shop.stg_orders"), expected.toString());
        assertEquals(expected, ids(lineage));

        // a method that reads the nodes' JSON fields (test metadata, config) through the same route
        JsonNode unique = ok(postGraphql("/graphql", JSON.writeValueAsString(Map.of("query", query, "variables",
                Map.of("environmentId", 1, "filter", Map.of("select", "test_name:unique",
                        "exclude", "config.severity:warn", "types", List.of("Test")))))))
                .at("/environment/applied/lineage");
        Set<String> uniqueTests = new TreeSet<>();
        manifest.path("nodes").forEach(n -> {
            if (n.at("/test_metadata/name").asText().equals("unique")
                    && !n.at("/config/severity").asText().equals("warn")) {
                uniqueTests.add(n.path("unique_id").asText());
            }
        });
        assertTrue(uniqueTests.size() > 5, uniqueTests.toString());
        assertEquals(uniqueTests, ids(unique));

        for (Map<String, Object> bad : List.of(Map.<String, Object>of("select", "state:modified"),
                Map.<String, Object>of("columnNames", List.of("customer_id")))) {
            JsonNode answer = postGraphql("/graphql", JSON.writeValueAsString(Map.of("query", query, "variables",
                    Map.of("environmentId", 1, "filter", bad))));
            assertTrue(answer.path("errors").get(0).path("message").asText().startsWith(
                    bad.containsKey("select")
                            ? "invalid selector: state:modified (no earlier manifest of this DAG to compare with)"
                            : "lineage filter columnNames"),
                    answer.toString());
        }
    }

    /**
     * The job-scoped API's macros and metrics ({@code job(id:)} and the older root fields): the job's manifest's
     * definitions, the macro's SQL and path, the metric's type and label; the older metrics spec's lists empty.
     */
    @Test
    void jobScopedMacrosAndMetrics() throws Exception {
        String fields = "macros { uniqueId name packageName macroSql originalFilePath dependsOn runId jobId }"
                + " macro(uniqueId: \"macro.jaffle_shop.cents_to_dollars\") { uniqueId macroSql }"
                + " metrics { uniqueId name type label description dimensions filters { field } expression }"
                + " metric(uniqueId: \"metric.jaffle_shop.revenue_growth_mom\") { uniqueId expression }";
        JsonNode job = ok(postGraphql("/graphql", JSON.writeValueAsString(Map.of("query",
                "query ($j: BigInt!) { job(id: $j) { " + fields + " } }", "variables", Map.of("j", jobId)))))
                .path("job");
        Set<String> macros = new TreeSet<>();
        job.path("macros").forEach(m -> macros.add(m.path("uniqueId").asText()));
        assertEquals(keys(manifest.path("macros")), macros);
        JsonNode cents = manifest.path("macros").path("macro.jaffle_shop.cents_to_dollars");
        assertEquals(cents.path("macro_sql").asText(), job.at("/macro/macroSql").asText());
        for (JsonNode m : job.path("macros")) {
            JsonNode d = manifest.path("macros").path(m.path("uniqueId").asText());
            assertEquals(d.path("original_file_path").asText(), m.path("originalFilePath").asText());
            assertEquals(strings(d.at("/depends_on/macros")), strings(m.path("dependsOn")));
            assertEquals(runId, m.path("runId").asLong());
        }
        Set<String> metrics = new TreeSet<>();
        for (JsonNode m : job.path("metrics")) {
            JsonNode d = manifest.path("metrics").path(m.path("uniqueId").asText());
            metrics.add(m.path("uniqueId").asText());
            assertEquals(d.path("type").asText(), m.path("type").asText());
            assertEquals(d.path("label").asText(null), m.path("label").asText(null));
            assertEquals(0, m.path("dimensions").size());
            assertEquals(0, m.path("filters").size());
        }
        assertEquals(keys(manifest.path("metrics")), metrics);
        assertEquals(manifest.at("/metrics/metric.jaffle_shop.revenue_growth_mom/type_params/expr").asText(),
                job.at("/metric/expression").asText());

        JsonNode root = ok(postGraphql("/graphql", JSON.writeValueAsString(Map.of("query",
                "query ($j: Int!) { " + fields.replace("macros {", "macros(jobId: $j) {")
                        .replace("macro(uniqueId", "macro(jobId: $j, uniqueId").replace("metrics {", "metrics(jobId: $j) {")
                        .replace("metric(uniqueId", "metric(jobId: $j, uniqueId") + " }",
                "variables", Map.of("j", jobId)))));
        for (String field : List.of("macros", "macro", "metrics", "metric")) {
            assertEquals(job.path(field), root.path(field), field);
        }
    }

    /** resourceCounts of both states count every extracted kind as the manifest has it; latestGitSha is null. */
    @Test
    void resourceCountsAndLatestGitSha() throws Exception {
        Map<String, Integer> expected = new TreeMap<>();
        for (String section : List.of("nodes", "sources", "exposures", "macros", "metrics", "semantic_models",
                "saved_queries", "groups")) {
            manifest.path(section).forEach(n -> expected.merge(n.path("resource_type").asText(), 1, Integer::sum));
        }
        assertEquals(786, expected.get("macro"));
        JsonNode answer = ok(postGraphql("/graphql", JSON.writeValueAsString(Map.of("query",
                "{ environment(id: 1) { applied { resourceCounts latestGitSha } definition { resourceCounts } } }"))))
                .path("environment");
        for (String state : List.of("applied", "definition")) {
            Map<String, Integer> counts = new TreeMap<>();
            answer.path(state).path("resourceCounts").fields().forEachRemaining(e -> counts.put(e.getKey(),
                    e.getValue().asInt()));
            assertEquals(expected, counts, state);
        }
        assertTrue(answer.at("/applied/latestGitSha").isNull());
    }

    /** definition.savedQueries with every field of dbt's SavedQueryDefinitionNode that the manifest fills. */
    @Test
    void savedQueriesWithTheirParamsAndExports() throws Exception {
        String query = """
                query ($environmentId: BigInt!) { environment(id: $environmentId) { definition {
                  savedQueries(first: 10) { totalCount edges { node {
                    __typename uniqueId name description resourceType packageName filePath fqn group tags meta runId
                    queryParams { metrics groupBy orderBy limit where { whereFilters { whereSqlTemplate } } }
                    exports { name config { exportAs schema database alias } }
                    parents { uniqueId resourceType }
                  } } }
                } } }""";
        JsonNode saved = ok(postGraphql("/graphql", JSON.writeValueAsString(Map.of("query", query, "variables",
                Map.of("environmentId", 1))))).at("/environment/definition/savedQueries");
        assertEquals(keys(manifest.path("saved_queries")), ids(saved.path("edges")));
        assertEquals(3, saved.path("totalCount").asInt());
        for (JsonNode edge : saved.path("edges")) {
            JsonNode node = edge.path("node");
            JsonNode d = manifest.path("saved_queries").path(node.path("uniqueId").asText());
            assertEquals("SavedQueryDefinitionNode", node.path("__typename").asText());
            assertEquals("saved_query", node.path("resourceType").asText());
            assertEquals(d.path("original_file_path").asText(), node.path("filePath").asText());
            assertEquals(strings(d.path("fqn")), strings(node.path("fqn")));
            assertEquals(runId, node.path("runId").asLong());
            JsonNode params = d.path("query_params");
            assertEquals(strings(params.path("metrics")), strings(node.at("/queryParams/metrics")));
            assertEquals(strings(params.path("group_by")), strings(node.at("/queryParams/groupBy")));
            assertEquals(strings(params.path("order_by")), strings(node.at("/queryParams/orderBy")));
            List<String> where = new ArrayList<>();
            params.path("where").path("where_filters").forEach(w -> where.add(w.path("where_sql_template").asText()));
            List<String> answeredWhere = new ArrayList<>();
            node.at("/queryParams/where/whereFilters").forEach(w -> answeredWhere.add(w.path("whereSqlTemplate").asText()));
            assertEquals(where, answeredWhere);
            assertEquals(d.path("exports").size(), node.path("exports").size());
            for (int i = 0; i < d.path("exports").size(); i++) {
                JsonNode e = d.path("exports").get(i);
                JsonNode a = node.path("exports").get(i);
                assertEquals(e.path("name").asText(), a.path("name").asText());
                assertEquals(e.at("/config/export_as").asText(), a.at("/config/exportAs").asText());
                assertEquals(e.at("/config/schema_name").asText(), a.at("/config/schema").asText());
                assertEquals(e.at("/config/database").asText(), a.at("/config/database").asText());
                assertEquals(e.at("/config/alias").asText(), a.at("/config/alias").asText());
            }
            assertEquals(strings(d.path("depends_on").path("nodes")), uniqueIds(node.path("parents")));
            node.path("parents").forEach(p -> assertEquals("metric", p.path("resourceType").asText()));
        }
    }

    // ---- Lightdash, dbterd, Metaphor ---------------------------------------------------------------------------

    /** Lightdash's semantic layer import: definition.semanticModels and definition.metrics, 500 a page. */
    @Test
    void lightdashReadsSemanticModelsAndMetrics() throws Exception {
        JsonNode definition = ok(postGraphql("/graphql", clientRequest("lightdash/DefinitionQuery.json").replace("\"123456\"", "\"1\"")))
                .path("environment").path("definition");
        JsonNode models = definition.path("semanticModels");
        assertEquals(keys(manifest.path("semantic_models")), ids(models.path("edges")));
        assertFalse(models.at("/pageInfo/hasNextPage").asBoolean());
        for (JsonNode edge : models.path("edges")) {
            JsonNode node = edge.path("node");
            JsonNode d = manifest.path("semantic_models").path(node.path("uniqueId").asText());
            checkSemanticModel(d, node);
            assertEquals(strings(d.path("depends_on").path("nodes")), uniqueIds(node.path("parents")));
        }
        JsonNode metrics = definition.path("metrics");
        assertEquals(keys(manifest.path("metrics")), ids(metrics.path("edges")));
        for (JsonNode edge : metrics.path("edges")) {
            JsonNode node = edge.path("node");
            JsonNode d = manifest.path("metrics").path(node.path("uniqueId").asText());
            assertEquals(d.path("name").asText(), node.path("name").asText());
            assertEquals(d.path("description").asText(null), node.path("description").asText(null));
            assertEquals(d.path("label").asText(null), node.path("label").asText(null));
            assertEquals(d.path("type").asText(), node.path("type").asText());
            assertEquals(d.path("type_params"), node.path("typeParams"));
            assertEquals(d.path("filter").isNull() ? null : d.path("filter"), node.get("filter").isNull() ? null
                    : node.get("filter"));
            assertEquals(d.path("meta"), node.path("meta"));
        }
        JsonNode derived = manifest.path("metrics").path("metric.jaffle_shop.revenue_growth_mom");
        assertEquals("derived", derived.path("type").asText());
    }

    /** dbterd's semantic-model relationships: entities and parents of each semantic model. */
    @Test
    void dbterdReadsSemanticModelEntitiesAndTheirModels() throws Exception {
        JsonNode models = ok(postGraphql("/graphql", clientRequest("dbterd/erd_query__semantic.json").replace("\"123456\"", "\"1\"")))
                .at("/environment/definition/semanticModels");
        assertEquals(6, models.path("totalCount").asInt());
        for (JsonNode edge : models.path("edges")) {
            JsonNode node = edge.path("node");
            JsonNode d = manifest.path("semantic_models").path(node.path("uniqueId").asText());
            List<String> entities = new ArrayList<>();
            d.path("entities").forEach(e -> entities.add(e.path("name").asText() + ":" + e.path("type").asText()));
            List<String> answered = new ArrayList<>();
            node.path("entities").forEach(e -> answered.add(e.path("name").asText() + ":" + e.path("type").asText()));
            assertEquals(entities, answered);
            for (JsonNode parent : node.path("parents")) {
                assertEquals("model", parent.path("resourceType").asText(), parent.toString());
            }
            assertEquals(strings(d.path("depends_on").path("nodes")), uniqueIds(node.path("parents")));
            assertTrue(node.path("meta").isObject() || node.path("meta").isNull());
        }
    }

    /** Metaphor pages definition.metrics and definition.macros, 100 a page, and counts them. */
    @Test
    void metaphorPagesMetricsAndMacros() throws Exception {
        for (String operation : List.of("GetMetrics", "GetMacros")) {
            String field = operation.equals("GetMetrics") ? "metrics" : "macros";
            Set<String> answered = new TreeSet<>();
            String after = null;
            int total = -1;
            while (true) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("query", clientRequest("metaphor/" + operation + ".graphql"));
                body.put("operationName", operation);
                Map<String, Object> variables = new HashMap<>();
                variables.put("environmentId", 1);
                variables.put("first", 100);
                variables.put("after", after);
                body.put("variables", variables);
                JsonNode connection = ok(postGraphql("/graphql", JSON.writeValueAsString(body))).at("/environment/definition/" + field);
                total = connection.path("totalCount").asInt();
                connection.path("edges").forEach(e -> answered.add(e.at("/node/uniqueId").asText()));
                if (!connection.at("/pageInfo/hasNextPage").asBoolean()) {
                    break;
                }
                after = connection.at("/pageInfo/endCursor").asText();
            }
            assertEquals(keys(manifest.path(field)), answered, operation);
            assertEquals(answered.size(), total, operation);
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private void checkSemanticModel(JsonNode d, JsonNode node) {
        String id = d.path("unique_id").asText();
        assertEquals(d.path("name").asText(), node.path("name").asText(), id);
        assertEquals(d.path("description").asText(null), node.path("description").asText(null), id);
        assertEquals(d.path("entities").size(), node.path("entities").size(), id);
        for (int i = 0; i < d.path("entities").size(); i++) {
            JsonNode e = d.path("entities").get(i);
            JsonNode a = node.path("entities").get(i);
            assertEquals(e.path("name").asText(), a.path("name").asText(), id);
            assertEquals(e.path("type").asText(), a.path("type").asText(), id);
        }
        assertEquals(d.path("measures").size(), node.path("measures").size(), id);
        for (int i = 0; i < d.path("measures").size(); i++) {
            JsonNode m = d.path("measures").get(i);
            JsonNode a = node.path("measures").get(i);
            assertEquals(m.path("name").asText(), a.path("name").asText(), id);
            assertEquals(m.path("agg").asText(), a.path("agg").asText(), id);
            assertEquals(m.path("expr").asText(null), a.path("expr").asText(null), id);
            assertEquals(m.path("create_metric").asBoolean(), a.path("createMetric").asBoolean(), id);
        }
        assertEquals(d.path("dimensions").size(), node.path("dimensions").size(), id);
        for (int i = 0; i < d.path("dimensions").size(); i++) {
            JsonNode m = d.path("dimensions").get(i);
            JsonNode a = node.path("dimensions").get(i);
            assertEquals(m.path("name").asText(), a.path("name").asText(), id);
            assertEquals(m.path("type").asText(), a.path("type").asText(), id);
            if (a.has("typeParams")) {
                assertEquals(m.path("type_params").isNull() ? null : m.get("type_params"),
                        a.get("typeParams").isNull() ? null : a.get("typeParams"), id);
            }
        }
    }

    private List<String> packages(String resource) throws Exception {
        JsonNode p = ok(replay("dbt-mcp/get_packages.gql", new LinkedHashMap<>(Map.of("resource", resource,
                "environmentId", 1)))).at("/environment/applied/packages");
        return strings(p);
    }

    /** One resource looked up by name the way dbt-mcp's ResourceDetailsFetcher does it. */
    private JsonNode byName(String type, String file, String kind, String name, List<String> macroPackages,
                            List<String> modelPackages) throws Exception {
        List<String> candidates = new ArrayList<>();
        List<String> packages = new ArrayList<>(macroPackages);
        packages.addAll(modelPackages);
        for (String p : packages) {
            candidates.add(type + "." + p + "." + name);
        }
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("environmentId", 1);
        variables.put("filter", Map.of("uniqueIds", candidates, "types", List.of(kind)));
        variables.put("first", candidates.size());
        JsonNode edges = ok(replay("dbt-mcp/" + file, variables)).at("/environment/applied/resources/edges");
        assertEquals(1, edges.size(), edges.toString());
        return edges.get(0).path("node");
    }

    private JsonNode replay(String file, Map<String, Object> variables) throws Exception {
        return postGraphql("/graphql", JSON.writeValueAsString(Map.of("query", clientRequest(file),
                "variables", variables)));
    }

    private static Set<String> keys(JsonNode object) {
        Set<String> out = new TreeSet<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** The unique ids of edges ({@code node.uniqueId}) or of nodes ({@code uniqueId}). */
    private static Set<String> ids(JsonNode edgesOrNodes) {
        Set<String> out = new TreeSet<>();
        edgesOrNodes.forEach(e -> out.add(e.has("node") ? e.at("/node/uniqueId").asText() : e.path("uniqueId").asText()));
        return out;
    }
}
