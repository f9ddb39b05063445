package com.datacoves.jade.discovery;

import com.datacoves.jade.manifests.Artifacts;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.HashSet;
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
 * The Discovery API as Lightdash, dbterd, Metaphor and OpenMetadata call it: each client's requests replayed verbatim
 * (src/test/resources/discovery/clients/: Lightdash's and dbterd's whole request bodies as their HTTP code sends them,
 * Metaphor's and OpenMetadata's query texts with the variables they send), on the path each posts to, and the answers
 * checked against the real jaffle_shop artifacts the base class uploaded, on the fields each client reads.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiscoveryClientsTest extends DiscoveryTestBase {

    private JsonNode manifest;
    private JsonNode catalog;
    /** unique_id → status in the uploaded build's run_results. */
    private final Map<String, String> resultStatus = new HashMap<>();

    @BeforeAll
    void readArtifacts() throws Exception {
        manifest = JSON.readTree(Files.readAllBytes(Artifacts.named("jaffle_shop__manifest.json")));
        catalog = JSON.readTree(Files.readAllBytes(Artifacts.named("jaffle_shop__catalog.json")));
        JsonNode results = JSON.readTree(Files.readAllBytes(Artifacts.named("jaffle_shop__run_results.json")));
        results.path("results").forEach(r -> resultStatus.put(r.path("unique_id").asText(), r.path("status").asText()));
    }

    // ---- Lightdash ---------------------------------------------------------------------------------------------

    @Test
    void lightdashEnvironmentQueryReadsTheSuccessfulModelsWithTheirColumns() throws Exception {
        JsonNode environment = ok(postGraphql("/graphql", lightdash("EnvironmentQuery"))).path("environment");
        assertEquals(manifest.path("metadata").path("adapter_type").asText(), environment.path("adapterType").asText(),
                "Lightdash refuses a null or unknown adapterType");
        JsonNode models = environment.path("applied").path("models");
        Set<String> expected = new TreeSet<>();
        manifest.path("nodes").forEach(n -> {
            String id = n.path("unique_id").asText();
            if (id.startsWith("model.") && "success".equals(resultStatus.get(id))) {
                expected.add(id);
            }
        });
        assertFalse(expected.isEmpty());
        Set<String> answered = new TreeSet<>();
        for (JsonNode edge : models.path("edges")) {
            JsonNode node = edge.path("node");
            answered.add(node.path("uniqueId").asText());
            JsonNode defined = manifest.path("nodes").path(node.path("uniqueId").asText());
            assertEquals(defined.path("database").asText(), node.path("database").asText());
            assertEquals(defined.path("schema").asText(), node.path("schema").asText());
            assertEquals(defined.path("raw_code").asText(), node.path("rawCode").asText());
            assertEquals(defined.path("language").asText(), node.path("language").asText());
        }
        assertEquals(expected, answered, "filter {lastRunStatus: success}: the models whose latest result succeeded");
        assertEquals(expected.size(), models.path("totalCount").asInt());
        JsonNode customers = node(models.path("edges"), CUSTOMERS);
        assertEquals(catalogColumns(CUSTOMERS), columns(customers.path("catalog").path("columns")));

        // the next page, as Lightdash asks for it with the answered endCursor: nothing more, no next page
        ObjectNode next = (ObjectNode) JSON.readTree(lightdash("EnvironmentQuery"));
        ((ObjectNode) next.path("variables")).put("after", models.path("pageInfo").path("endCursor").asText());
        JsonNode rest = ok(postGraphql("/graphql", JSON.writeValueAsString(next))).path("environment").path("applied")
                .path("models");
        assertEquals(0, rest.path("edges").size());
        assertFalse(rest.path("pageInfo").path("hasNextPage").asBoolean());
    }

    @Test
    void lightdashTagsDefinitionAndConnectionTest() throws Exception {
        JsonNode tagged = ok(postGraphql("/graphql", lightdash("EnvironmentQuery-tags")));
        assertEquals(0, tagged.path("environment").path("applied").path("models").path("edges").size(),
                "jaffle_shop tags no model finance or core");
        JsonNode definition = ok(postGraphql("/graphql", lightdash("DefinitionQuery"))).path("environment").path("definition");
        assertTrue(definition.isObject(), "definition is answered, not null");
        // field by field in DefinitionKindsTest
        assertEquals(manifest.path("semantic_models").size(), definition.path("semanticModels").path("edges").size());
        assertEquals(manifest.path("metrics").size(), definition.path("metrics").path("edges").size());
        assertFalse(definition.path("metrics").path("pageInfo").path("hasNextPage").asBoolean());
        JsonNode test = ok(postGraphql("/graphql", lightdash("TestQuery")));
        assertEquals(manifest.path("metadata").path("project_name").asText(),
                test.path("environment").path("dbtProjectName").asText());
    }

    // ---- dbterd ------------------------------------------------------------------------------------------------

    @Test
    void dbterdTestRelationshipQueryOnTheTrailingSlashPath() throws Exception {
        JsonNode applied = ok(postGraphql("/graphql/", dbterd("erd_query__test_relationship"))).path("environment")
                .path("applied");
        assertTrue(applied.isObject());
        for (String kind : List.of("models", "sources")) {
            for (JsonNode edge : applied.path(kind).path("edges")) {
                JsonNode node = edge.path("node");
                assertTrue(node.path("database").isTextual() && node.path("schema").isTextual(),
                        "dbterd lower-cases database and schema: " + node);
                node.path("catalog").path("columns").forEach(c -> assertTrue(c.path("type").isTextual(), c.toString()));
            }
        }
        assertEquals(0, applied.path("exposures").path("edges").size());
        int relationships = 0;
        for (JsonNode edge : applied.path("tests").path("edges")) {
            JsonNode test = edge.path("node");
            assertTrue(test.path("meta").isObject(), "dbterd skips a test whose meta is null: " + test);
            JsonNode defined = manifest.path("nodes").path(test.path("uniqueId").asText());
            assertEquals(defined.path("test_metadata").path("kwargs"), test.path("testMetadata").path("kwargs"));
            Set<String> parents = new TreeSet<>();
            test.path("parents").forEach(p -> parents.add(p.path("uniqueId").asText()));
            Set<String> dependsOn = new TreeSet<>();
            defined.path("depends_on").path("nodes").forEach(n -> dependsOn.add(n.asText()));
            assertEquals(dependsOn, parents, test.path("uniqueId").asText());
            if (test.path("uniqueId").asText().startsWith("test.jaffle_shop.relationships_")) {
                relationships++;
            }
        }
        assertTrue(relationships > 0, "jaffle_shop has relationships tests");
    }

    @Test
    void dbterdSemanticQueryOnTheTrailingSlashPath() throws Exception {
        JsonNode environment = ok(postGraphql("/graphql/", dbterd("erd_query__semantic"))).path("environment");
        assertTrue(environment.path("definition").isObject(), "a null definition crashes dbterd");
        // field by field in DefinitionKindsTest
        assertEquals(manifest.path("semantic_models").size(),
                environment.path("definition").path("semanticModels").path("edges").size());
        assertTrue(environment.path("applied").path("models").path("edges").size() > 0);
    }

    // ---- Dagster (dlift) and dbt-mcp: the definition state ---------------------------------------------------------

    /**
     * Dagster's dbt Cloud integration reads the definition state: models with their parents, sources, tests with
     * their parents, and models with their ancestors; dbt-mcp pages definition exposures.
     */
    @Test
    void dagsterReadsTheDefinitionState() throws Exception {
        Map<String, Object> variables = new LinkedHashMap<>(Map.of("environmentId", 1, "first", 500));
        JsonNode models = ok(replay("dagster/GetModelsQuery.graphql", variables)).at("/environment/definition/models");
        Set<String> definedModels = new TreeSet<>();
        manifest.path("nodes").forEach(n -> {
            if (n.path("resource_type").asText().equals("model")) {
                definedModels.add(n.path("unique_id").asText());
            }
        });
        Set<String> answered = new TreeSet<>();
        for (JsonNode edge : models.path("edges")) {
            JsonNode node = edge.path("node");
            String id = node.path("uniqueId").asText();
            answered.add(id);
            JsonNode defined = manifest.path("nodes").path(id);
            assertEquals(defined.path("schema").asText(), node.path("schema").asText(), id);
            assertEquals(strings(defined.path("tags")), strings(node.path("tags")), id);
            assertEquals(strings(defined.path("depends_on").path("nodes")), uniqueIds(node.path("parents")), id);
        }
        assertEquals(definedModels, answered, "every model the manifest defines, whatever its last run");
        assertFalse(models.at("/pageInfo/hasNextPage").asBoolean());

        JsonNode sources = ok(replay("dagster/GetSourcesQuery.graphql", variables)).at("/environment/definition/sources");
        assertEquals(manifest.path("sources").size(), sources.path("edges").size());
        for (JsonNode edge : sources.path("edges")) {
            JsonNode defined = manifest.path("sources").path(edge.at("/node/uniqueId").asText());
            assertEquals(defined.path("schema").asText(), edge.at("/node/schema").asText());
        }

        JsonNode tests = ok(replay("dagster/GetTestsQuery.graphql", variables)).at("/environment/definition/tests");
        int checked = 0;
        for (JsonNode edge : tests.path("edges")) {
            JsonNode node = edge.path("node");
            JsonNode defined = manifest.path("nodes").path(node.path("uniqueId").asText());
            assertEquals("test", defined.path("resource_type").asText());
            assertEquals(defined.path("name").asText(), node.path("name").asText());
            assertEquals(strings(defined.path("depends_on").path("nodes")), uniqueIds(node.path("parents")));
            for (JsonNode parent : node.path("parents")) {
                assertEquals(manifest.path("nodes").path(parent.path("uniqueId").asText()).path("resource_type")
                        .asText(parent.path("resourceType").asText()), parent.path("resourceType").asText());
            }
            checked++;
        }
        assertTrue(checked > 10, "tests answered: " + checked);

        variables.put("types", List.of("Model", "Source", "Seed", "Snapshot"));
        JsonNode withAncestors = ok(replay("dagster/ExampleQuery.graphql", variables))
                .at("/environment/definition/models");
        JsonNode customers = node(withAncestors.path("edges"), CUSTOMERS);
        Set<String> ancestors = new TreeSet<>();
        customers.path("ancestors").forEach(a -> ancestors.add(a.path("uniqueId").asText()));
        Set<String> expected = new TreeSet<>();
        java.util.Deque<String> todo = new java.util.ArrayDeque<>(strings(manifest.path("nodes").path(CUSTOMERS)
                .path("depends_on").path("nodes")));
        while (!todo.isEmpty()) {
            String id = todo.pop();
            if (expected.add(id)) {
                todo.addAll(strings(manifest.path("nodes").path(id).path("depends_on").path("nodes")));
            }
        }
        assertEquals(expected, ancestors, "the transitive parents of customers");

        JsonNode exposures = ok(replay("dbt-mcp/GET_EXPOSURES.graphql",
                new LinkedHashMap<>(Map.of("environmentId", 1, "first", 100))))
                .at("/environment/definition/exposures");
        assertEquals(0, exposures.path("totalCount").asInt());
        assertFalse(exposures.at("/pageInfo/hasNextPage").asBoolean());
    }

    private JsonNode replay(String file, Map<String, Object> variables) throws Exception {
        return postGraphql("/graphql", JSON.writeValueAsString(Map.of("query", clientRequest(file),
                "variables", variables)));
    }

    // ---- Metaphor ----------------------------------------------------------------------------------------------

    @Test
    void metaphorPagesModelsSnapshotsSourcesMetricsAndMacros() throws Exception {
        Map<String, Object> firstPage = new LinkedHashMap<>();
        firstPage.put("environmentId", 1);
        firstPage.put("first", 100);
        firstPage.put("after", null);
        JsonNode models = ok(metaphor("GetModels", firstPage)).path("environment").path("applied").path("models");
        assertTrue(models.path("edges").size() > 0);
        Set<String> testTypes = Set.of("GENERIC_DATA_TEST", "SINGULAR_DATA_TEST", "UNIT_TEST");
        Set<String> testStatuses = Set.of("pass", "success", "warn", "skipped", "error", "fail", "runtime error");
        for (JsonNode edge : models.path("edges")) {
            JsonNode node = edge.path("node");
            assertTrue(node.path("uniqueId").asText().startsWith("model."));
            assertTrue(node.path("tags").isArray());
            JsonNode status = node.path("executionInfo").path("lastRunStatus");
            assertTrue(status.isNull() || Set.of("error", "skipped", "success").contains(status.asText()), node.toString());
            for (JsonNode test : node.path("tests")) {
                assertTrue(testTypes.contains(test.path("testType").asText()), test.toString());
                JsonNode info = test.path("executionInfo");
                assertTrue(info.isObject());
                assertTrue(info.path("lastRunStatus").isNull() || testStatuses.contains(info.path("lastRunStatus").asText()),
                        "Metaphor aborts on another test status: " + test);
            }
        }
        JsonNode customers = node(models.path("edges"), CUSTOMERS);
        assertEquals(catalogColumns(CUSTOMERS), columns(customers.path("catalog").path("columns")));
        Set<String> tests = new TreeSet<>();
        customers.path("tests").forEach(t -> tests.add(t.path("uniqueId").asText()));
        Set<String> testsOfCustomers = new TreeSet<>();
        manifest.path("nodes").forEach(n -> {
            if (n.path("resource_type").asText().equals("test") && n.path("attached_node").asText().equals(CUSTOMERS)) {
                testsOfCustomers.add(n.path("unique_id").asText());
            }
        });
        assertEquals(testsOfCustomers, tests);

        ok(metaphor("GetSnapshots", firstPage));
        JsonNode sources = ok(metaphor("GetSources", firstPage)).path("environment").path("applied").path("sources");
        assertEquals(manifest.path("sources").size(), sources.path("totalCount").asInt());
        for (JsonNode edge : sources.path("edges")) {
            JsonNode node = edge.path("node");
            JsonNode defined = manifest.path("sources").path(node.path("uniqueId").asText());
            assertEquals(defined.path("database").asText(), node.path("database").asText());
            assertEquals(defined.path("schema").asText(), node.path("schema").asText());
            assertEquals(defined.path("identifier").asText(), node.path("identifier").asText());
        }
        for (String op : List.of("GetMetrics", "GetMacros")) {
            // every page, field by field, in DefinitionKindsTest
            JsonNode definition = ok(metaphor(op, firstPage)).path("environment").path("definition");
            String field = op.equals("GetMetrics") ? "metrics" : "macros";
            JsonNode connection = definition.path(field);
            assertEquals(manifest.path(field).size(), connection.path("totalCount").asInt(), op);
            assertEquals(Math.min(100, manifest.path(field).size()), connection.path("edges").size(), op);
        }
    }

    @Test
    void metaphorLineage() throws Exception {
        Map<String, Object> variables = Map.of("environmentId", 1, "filter", Map.of("types",
                List.of("Source", "Model", "SemanticModel", "Snapshot", "Metric", "Macro", "Test")));
        JsonNode lineage = ok(metaphor("GetLineage", variables)).path("environment").path("applied").path("lineage");
        Set<String> known = Set.of("MacroLineageNode", "MetricLineageNode", "ModelLineageNode",
                "SemanticModelLineageNode", "SnapshotLineageNode", "TestLineageNode", "ExposureLineageNode",
                "LineageNode", "SavedQueryLineageNode", "SeedLineageNode", "SourceLineageNode");
        Map<String, Set<String>> parents = new TreeMap<>();
        for (JsonNode n : lineage) {
            assertTrue(known.contains(n.path("__typename").asText()), n.toString());
            if (n.has("parentIds")) {
                Set<String> ids = new TreeSet<>();
                n.path("parentIds").forEach(p -> ids.add(p.asText()));
                parents.put(n.path("uniqueId").asText(), ids);
            }
        }
        Set<String> dependsOn = new TreeSet<>();
        manifest.path("nodes").path(CUSTOMERS).path("depends_on").path("nodes").forEach(p -> dependsOn.add(p.asText()));
        assertEquals(dependsOn, parents.get(CUSTOMERS));
    }

    // ---- OpenMetadata ------------------------------------------------------------------------------------------

    @Test
    void openMetadataJobLineageOnTheV1Path() throws Exception {
        for (Object run : new Object[] {runId, null}) {
            Map<String, Object> variables = new HashMap<>();
            variables.put("jobId", jobId);
            variables.put("runId", run);
            // OpenMetadata's REST helper appends its API version to the endpoint and sends no operationName
            JsonNode job = ok(postGraphql("/graphql/v1", JSON.writeValueAsString(Map.of("query",
                    clientRequest("openmetadata/DBT_GET_MODELS_WITH_LINEAGE.graphql"), "variables", variables))))
                    .path("job");
            JsonNode models = job.path("models");
            assertTrue(models.size() > 0);
            for (JsonNode model : models) {
                for (String field : List.of("runGeneratedAt", "name", "database", "schema", "uniqueId")) {
                    assertTrue(model.path(field).isTextual(), "OpenMetadata skips a model without " + field + ": " + model);
                }
            }
            Set<String> dependsOn = new TreeSet<>();
            manifest.path("nodes").path(CUSTOMERS).path("depends_on").path("nodes").forEach(p -> dependsOn.add(p.asText()));
            Set<String> answered = new TreeSet<>();
            node(models, CUSTOMERS).path("dependsOn").forEach(p -> answered.add(p.asText()));
            assertEquals(dependsOn, answered);
            assertEquals(manifest.path("nodes").path(CUSTOMERS).path("compiled_code").asText(null),
                    node(models, CUSTOMERS).path("compiledCode").asText(null));
            for (JsonNode seed : job.path("seeds")) {
                assertTrue(seed.path("runGeneratedAt").isTextual(), seed.toString());
            }
            Set<String> sources = new HashSet<>();
            job.path("sources").forEach(s -> sources.add(s.path("uniqueId").asText()));
            Set<String> manifestSources = new HashSet<>();
            manifest.path("sources").fieldNames().forEachRemaining(manifestSources::add);
            assertEquals(manifestSources, sources);
        }
        ok(postGraphql("/graphql/v1", JSON.writeValueAsString(Map.of("query",
                clientRequest("openmetadata/DBT_GET_MODELS_SEEDS.graphql"), "variables", Map.of("jobId", jobId)))));
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private String lightdash(String name) throws Exception {
        return clientRequest("lightdash/" + name + ".json").replace("\"123456\"", "\"1\"");
    }

    private String dbterd(String name) throws Exception {
        return clientRequest("dbterd/" + name + ".json").replace("\"123456\"", "\"1\"");
    }

    /** Metaphor's body: its operation's text, the operation name and the variables (ariadne-codegen's client). */
    private JsonNode metaphor(String operation, Map<String, Object> variables) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", clientRequest("metaphor/" + operation + ".graphql"));
        body.put("operationName", operation);
        body.put("variables", variables);
        return postGraphql("/graphql", JSON.writeValueAsString(body));
    }

    private static JsonNode node(JsonNode edgesOrNodes, String uniqueId) {
        for (JsonNode e : edgesOrNodes) {
            JsonNode n = e.has("node") ? e.path("node") : e;
            if (uniqueId.equals(n.path("uniqueId").asText())) {
                return n;
            }
        }
        throw new AssertionError(uniqueId + " not in " + edgesOrNodes);
    }

    /** catalog.json's columns of a node: lower-cased name → type. */
    private Map<String, String> catalogColumns(String uniqueId) {
        Map<String, String> out = new TreeMap<>();
        catalog.path("nodes").path(uniqueId).path("columns").forEach(c ->
                out.put(c.path("name").asText().toLowerCase(java.util.Locale.ROOT), c.path("type").asText()));
        assertFalse(out.isEmpty(), uniqueId + " has catalog columns");
        return out;
    }

    private static Map<String, String> columns(JsonNode columns) {
        Map<String, String> out = new TreeMap<>();
        columns.forEach(c -> out.put(c.path("name").asText().toLowerCase(java.util.Locale.ROOT), c.path("type").asText()));
        return out;
    }
}
