package com.datacoves.jade.discovery;

import com.datacoves.jade.manifests.Artifacts;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * dbt-mcp's discovery tools (its queries of August 2026, src/test/resources/discovery/clients/dbt-mcp/, sent with the
 * variables its client builds) against the real jaffle_shop artifacts, each answer checked against the manifest and
 * the uploaded run_results. Macros, semantic models and lineage are in {@link DefinitionKindsTest}.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DbtMcpTest extends DiscoveryTestBase {

    private static final String ORDERS = "model.jaffle_shop.orders";

    private JsonNode manifest;
    private final Map<String, String> resultStatus = new HashMap<>();

    @BeforeAll
    void readArtifacts() throws Exception {
        manifest = JSON.readTree(Files.readAllBytes(Artifacts.named("jaffle_shop__manifest.json")));
        JsonNode results = JSON.readTree(Files.readAllBytes(Artifacts.named("jaffle_shop__run_results.json")));
        results.path("results").forEach(r -> resultStatus.put(r.path("unique_id").asText(), r.path("status").asText()));
    }

    /**
     * get_all_models: GET_MODELS sorted by {@code queryUsageCount} (Jade keeps unique-id order), paged by
     * {@code endCursor} alone until it stops changing, as dbt-mcp's paginator does; and a model found by name through
     * the {@code identifier} filter.
     */
    @Test
    void getAllModelsAndAModelByName() throws Exception {
        Set<String> answered = new TreeSet<>();
        String after = null;
        for (int page = 0; page < 10; page++) {
            Map<String, Object> variables = new HashMap<>(Map.of("modelsFilter", Map.of(),
                    "sort", Map.of("field", "queryUsageCount", "direction", "desc"), "environmentId", 1, "first", 5));
            if (after != null) {
                variables.put("after", after);
            }
            JsonNode models = ok(replay("GET_MODELS.graphql", variables)).at("/environment/applied/models");
            models.path("edges").forEach(e -> answered.add(e.at("/node/uniqueId").asText()));
            String next = models.at("/pageInfo/endCursor").asText(null);
            if (next == null || next.equals(after)) {
                break;
            }
            after = next;
        }
        assertEquals(ofType("model"), answered);

        JsonNode byName = ok(replay("GET_MODELS.graphql", Map.of("modelsFilter", Map.of("identifier", "customers"),
                "sort", Map.of("field", "queryUsageCount", "direction", "desc"), "environmentId", 1, "first", 100)))
                .at("/environment/applied/models/edges");
        assertEquals(1, byName.size());
        assertEquals(CUSTOMERS, byName.at("/0/node/uniqueId").asText());
    }

    /** get_model_parents and get_model_children: every kind of related node, by name and resource type. */
    @Test
    void getModelParentsAndChildren() throws Exception {
        JsonNode parents = ok(replay("GET_MODEL_PARENTS.graphql", Map.of("environmentId", 1,
                "modelsFilter", Map.of("uniqueIds", List.of(CUSTOMERS)), "first", 1)))
                .at("/environment/applied/models/edges/0/node/parents");
        assertEquals(described(manifest.path("nodes").path(CUSTOMERS).path("depends_on").path("nodes")),
                answered(parents));

        JsonNode children = ok(replay("GET_MODEL_CHILDREN.graphql", Map.of("environmentId", 1,
                "modelsFilter", Map.of("identifier", "orders"), "first", 1)))
                .at("/environment/applied/models/edges/0/node/children");
        Set<String> expected = described(manifest.path("child_map").path(ORDERS));
        assertTrue(expected.contains("semantic_model:orders"), expected.toString());
        assertEquals(expected, answered(children), "models, tests and the semantic model built on orders");
    }

    /** get_model_health and get_model_details by unique id. */
    @Test
    void getModelHealthAndDetails() throws Exception {
        JsonNode health = ok(replay("GET_MODEL_HEALTH.graphql", Map.of("environmentId", 1,
                "modelsFilter", Map.of("uniqueIds", List.of(CUSTOMERS)), "first", 1)))
                .at("/environment/applied/models/edges/0/node");
        assertEquals(resultStatus.get(CUSTOMERS), health.at("/executionInfo/lastRunStatus").asText());

        JsonNode model = details("get_model_details.gql", "Model", CUSTOMERS);
        JsonNode defined = manifest.path("nodes").path(CUSTOMERS);
        assertEquals(defined.path("relation_name").asText(), model.path("relationName").asText());
        assertEquals(defined.path("raw_code").asText(), model.path("rawCode").asText());
        assertEquals(defined.path("compiled_code").asText(null), model.path("compiledCode").asText(null));
        assertEquals(defined.path("schema").asText(), model.path("schema").asText());
        assertEquals(resultStatus.get(CUSTOMERS), model.at("/executionInfo/lastRunStatus").asText());
        Set<String> tests = new TreeSet<>();
        model.path("tests").forEach(t -> tests.add(t.path("uniqueId").asText()));
        Set<String> attached = new TreeSet<>();
        manifest.path("nodes").forEach(n -> {
            if (CUSTOMERS.equals(n.path("attached_node").asText(null))) {
                attached.add(n.path("unique_id").asText());
            }
        });
        assertEquals(attached, tests);
    }

    /** get_test_details, get_source_details, get_seed_details, get_snapshot_details, get_exposure_details. */
    @Test
    void getDetailsOfEachKind() throws Exception {
        String testId = ofType("test").iterator().next();
        JsonNode test = details("get_test_details.gql", "Test", testId);
        assertEquals(resultStatus.get(testId), test.path("lastKnownResult").asText());
        assertEquals(resultStatus.get(testId), test.at("/executionInfo/lastRunStatus").asText());
        assertEquals(manifest.path("nodes").path(testId).path("test_metadata").path("kwargs"),
                test.at("/testMetadata/kwargs"));
        assertEquals(strings(manifest.path("nodes").path(testId).path("depends_on").path("nodes")),
                uniqueIds(test.path("parents")));

        String sourceId = manifest.path("sources").fieldNames().next();
        JsonNode source = details("get_source_details.gql", "Source", sourceId);
        assertEquals(manifest.path("sources").path(sourceId).path("identifier").asText(),
                source.path("identifier").asText());
        assertEquals(manifest.path("sources").path(sourceId).path("source_name").asText(),
                source.path("sourceName").asText());

        String seedId = ofType("seed").iterator().next();
        JsonNode seed = details("get_seed_details.gql", "Seed", seedId);
        assertEquals(manifest.path("nodes").path(seedId).path("alias").asText(), seed.path("alias").asText());

        assertEquals(0, resources("get_snapshot_details.gql", "Snapshot", "snapshot.jaffle_shop.none").size(),
                "jaffle_shop has no snapshots");
        assertEquals(0, resources("get_exposure_details.gql", "Exposure", "exposure.jaffle_shop.none").size(),
                "jaffle_shop has no exposures (ExposuresTest has some)");
    }

    /** get_model_performance: the model in its latest runs, with its tests. */
    @Test
    void getModelPerformance() throws Exception {
        JsonNode runs = ok(replay("get_model_performance.gql", Map.of("environmentId", 1, "uniqueId", CUSTOMERS,
                "lastRunCount", 5))).at("/environment/applied/modelHistoricalRuns");
        assertEquals(1, runs.size(), "one run's results were uploaded (the docs run does not count)");
        assertEquals(runId, runs.at("/0/runId").asLong());
        assertEquals(resultStatus.get(CUSTOMERS), runs.at("/0/status").asText());
        Set<String> tests = new TreeSet<>();
        for (JsonNode t : runs.at("/0/tests")) {
            tests.add(t.path("name").asText() + ":" + t.path("status").asText());
        }
        Set<String> expected = new TreeSet<>();
        manifest.path("nodes").forEach(n -> {
            if (n.path("resource_type").asText().equals("test")
                    && strings(n.path("depends_on").path("nodes")).contains(CUSTOMERS)) {
                expected.add(n.path("name").asText() + ":" + resultStatus.get(n.path("unique_id").asText()));
            }
        });
        assertTrue(expected.size() > 1, expected.toString());
        assertEquals(expected, tests, "the tests of customers with their results in that run");
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    /** One node through a ResourceDetailsFetcher query, as dbt-mcp asks for a unique id. */
    private JsonNode details(String file, String kind, String uniqueId) throws Exception {
        JsonNode edges = resources(file, kind, uniqueId);
        assertEquals(1, edges.size(), uniqueId);
        assertEquals(uniqueId, edges.at("/0/node/uniqueId").asText());
        return edges.at("/0/node");
    }

    private JsonNode resources(String file, String kind, String uniqueId) throws Exception {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("environmentId", 1);
        variables.put("filter", Map.of("uniqueIds", List.of(uniqueId), "types", List.of(kind)));
        variables.put("first", 1);
        return ok(replay(file, variables)).at("/environment/applied/resources/edges");
    }

    private Set<String> ofType(String type) {
        Set<String> out = new TreeSet<>();
        manifest.path("nodes").forEach(n -> {
            if (type.equals(n.path("resource_type").asText())) {
                out.add(n.path("unique_id").asText());
            }
        });
        return out;
    }

    /** {@code resource_type:name} of each node id, from the manifest. */
    private Set<String> described(JsonNode ids) {
        Set<String> out = new TreeSet<>();
        for (JsonNode id : ids) {
            if (id.asText().startsWith("unit_test.")) {
                continue; // unit tests are not extracted (docs/discovery.md)
            }
            JsonNode n = manifest.path("nodes").path(id.asText());
            for (String section : List.of("sources", "semantic_models", "metrics", "exposures")) {
                if (n.isMissingNode()) {
                    n = manifest.path(section).path(id.asText());
                }
            }
            out.add(n.path("resource_type").asText() + ":" + n.path("name").asText());
        }
        return out;
    }

    private static Set<String> answered(JsonNode nodes) {
        Set<String> out = new TreeSet<>();
        nodes.forEach(n -> out.add(n.path("resourceType").asText() + ":" + n.path("name").asText()));
        return out;
    }

    private JsonNode replay(String file, Map<String, Object> variables) throws Exception {
        return postGraphql("/graphql", JSON.writeValueAsString(Map.of("query", clientRequest("dbt-mcp/" + file),
                "variables", variables)));
    }
}
