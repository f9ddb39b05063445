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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exposures (docs/discovery.md): a real manifest with two exposures (Datacoves' test fixture, dbt 1.6, schema v10)
 * uploaded for environment prd456; {@code definition.exposures}, {@code applied.exposures}, dbt-mcp's
 * {@code GET_EXPOSURES} as its source sends it, the exposure filter, a model's children and the lineage are checked
 * field by field against the manifest's {@code exposures}.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExposuresTest extends DiscoveryTestBase {

    private JsonNode manifestExposures;
    private String airflowRun;

    @BeforeAll
    void uploadAManifestWithExposures() throws Exception {
        byte[] manifest = Files.readAllBytes(Artifacts.named("jade-test-fixture__manifest.json"));
        manifestExposures = JSON.readTree(manifest).get("exposures");
        assertEquals(2, manifestExposures.size(), "the fixture's exposures");
        airflowRun = uploadManifestTo("prd456", PRD456, manifest);
    }

    /**
     * During a rolling upgrade a replica of the previous version writes an exposure's fields to the {@code exposure}
     * column, not {@code details} (V54): such rows answer the same.
     */
    @Test
    void exposuresWrittenByThePreviousVersionAnswerTheSame() throws Exception {
        String query = """
                query($id: BigInt!) { environment(id: $id) {
                  definition { exposures(first: 10, filter: {exposureType: "dashboard"}) { edges { node {
                    uniqueId exposureType maturity ownerName ownerEmail url } } } }
                  applied { owners(resource: exposure) { name email } } } }""";
        JsonNode before = graphql(1, query, Map.of("id", PRD456));
        assertTrue(before.at("/data/environment/definition/exposures/edges").size() > 0, before.toString());
        String move = "UPDATE discovery_nodes SET %s WHERE resource_type = 'exposure' AND manifest_id IN "
                + "(SELECT id FROM discovery_manifests WHERE environment_id = " + PRD456 + ")";
        execute("jade", move.formatted("exposure = details, details = NULL"));
        try {
            assertEquals(before, graphql(1, query, Map.of("id", PRD456)));
        } finally {
            execute("jade", move.formatted("details = exposure, exposure = NULL"));
        }
    }

    /** The job-scoped API's exposures ({@code job(id:)} and the older root fields) with their parents. */
    @Test
    void jobScopedExposures() throws Exception {
        long job = indexedJob(PRD456, airflowRun);
        String name = manifestExposures.elements().next().path("name").asText();
        String fields = "exposures { uniqueId name exposureType maturity ownerName ownerEmail url dependsOn"
                + " parents { uniqueId resourceType } parentsModels { uniqueId } }"
                + " exposure(name: \"" + name + "\") { uniqueId name }";
        JsonNode answer = graphql(1, "query ($j: BigInt!) { job(id: $j) { " + fields + " } }", Map.of("j", job));
        assertTrue(answer.path("errors").isMissingNode(), answer.toString());
        JsonNode exposures = answer.at("/data/job/exposures");
        assertEquals(manifestExposures.size(), exposures.size());
        for (JsonNode e : exposures) {
            JsonNode d = manifestExposures.path(e.path("uniqueId").asText());
            assertEquals(d.path("type").asText(), e.path("exposureType").asText());
            assertEquals(d.at("/owner/email").asText(), e.path("ownerEmail").asText());
            assertEquals(strings(d.at("/depends_on/nodes")), uniqueIds(e.path("parents")));
            assertEquals(d.path("url").asText(null), e.path("url").asText(null));
        }
        assertEquals(name, answer.at("/data/job/exposure/name").asText());
        JsonNode root = graphql(1, "query ($j: Int!) { " + fields.replace("exposures {", "exposures(jobId: $j) {")
                .replace("exposure(name", "exposure(jobId: $j, name") + " }", Map.of("j", job));
        assertEquals(answer.at("/data/job/exposures"), root.at("/data/exposures"));
        assertEquals(answer.at("/data/job/exposure"), root.at("/data/exposure"));
    }

    /** {@code owners(resource: exposure)} and {@code tags} of both states, against the manifest. */
    @Test
    void ownersAndTags() throws Exception {
        JsonNode manifest = JSON.readTree(Files.readAllBytes(Artifacts.named("jade-test-fixture__manifest.json")));
        Set<String> owners = new TreeSet<>();
        manifestExposures.forEach(e -> owners.add(e.at("/owner/name").asText("") + "<" + e.at("/owner/email").asText("")
                + ">"));
        Set<String> tags = new TreeSet<>();
        for (String section : List.of("nodes", "sources", "exposures", "metrics", "semantic_models", "saved_queries")) {
            manifest.path(section).forEach(n -> {
                if (ManifestReader.SERVED.contains(n.path("resource_type").asText())) {
                    n.path("tags").forEach(t -> tags.add(t.asText()));
                }
            });
        }
        assertFalse(tags.isEmpty(), "the fixture tags some nodes");
        JsonNode answer = graphql(1, """
                query($id: BigInt!) { environment(id: $id) {
                  applied { owners(resource: exposure) { name email } groupOwners: owners(resource: group) { name }
                            tags { name } }
                  definition { tags { name } } } }""", Map.of("id", PRD456));
        assertTrue(answer.path("errors").isMissingNode(), answer.toString());
        JsonNode data = answer.at("/data/environment");
        Set<String> answeredOwners = new TreeSet<>();
        data.at("/applied/owners").forEach(o -> answeredOwners.add(o.path("name").asText() + "<"
                + o.path("email").asText() + ">"));
        assertEquals(owners, answeredOwners);
        assertEquals(0, data.at("/applied/groupOwners").size(), "groups are not extracted");
        for (String state : List.of("applied", "definition")) {
            List<String> answered = new ArrayList<>();
            data.at("/" + state + "/tags").forEach(t -> answered.add(t.path("name").asText()));
            assertEquals(new ArrayList<>(tags), answered, state);
        }
    }

    @Test
    void definitionExposuresAreTheManifests() throws Exception {
        JsonNode page = graphql(1, """
                query($id: BigInt!) { environment(id: $id) { definition { exposures(first: 10) { totalCount
                  edges { node { uniqueId name description exposureType maturity ownerName ownerEmail url label
                    tags fqn filePath packageName resourceType runGeneratedAt manifestGeneratedAt
                    parents { uniqueId resourceType } ancestors { uniqueId } } } } } } }""",
                Map.of("id", PRD456)).at("/data/environment/definition/exposures");
        assertEquals(2, page.get("totalCount").asInt());
        Map<String, JsonNode> byId = new TreeMap<>();
        page.get("edges").forEach(e -> byId.put(e.at("/node/uniqueId").asText(), e.get("node")));
        assertEquals(fieldNames(manifestExposures), new ArrayList<>(byId.keySet()));
        for (Map.Entry<String, JsonNode> e : byId.entrySet()) {
            JsonNode want = manifestExposures.get(e.getKey());
            JsonNode got = e.getValue();
            assertEquals(want.get("name").asText(), got.get("name").asText());
            assertEquals(want.get("description").asText(), got.get("description").asText());
            assertEquals(want.get("type").asText(), got.get("exposureType").asText());
            assertEquals(want.get("maturity").asText(), got.get("maturity").asText());
            assertEquals(want.at("/owner/name").asText(), got.get("ownerName").asText());
            assertEquals(want.at("/owner/email").asText(), got.get("ownerEmail").asText());
            assertEquals(want.get("url").asText(), got.get("url").asText());
            assertTrue(got.get("label").isNull(), "no label in the manifest");
            assertEquals(want.get("fqn"), got.get("fqn"));
            assertEquals(want.get("tags"), got.get("tags"));
            assertEquals(want.get("original_file_path").asText(), got.get("filePath").asText());
            assertEquals(want.get("package_name").asText(), got.get("packageName").asText());
            assertEquals("exposure", got.get("resourceType").asText());
            assertFalse(got.get("manifestGeneratedAt").isNull());
            List<String> parents = new ArrayList<>();
            got.get("parents").forEach(p -> parents.add(p.get("uniqueId").asText()));
            List<String> dependsOn = new ArrayList<>();
            want.at("/depends_on/nodes").forEach(n -> dependsOn.add(n.asText()));
            assertEquals(dependsOn.stream().sorted().toList(), parents.stream().sorted().toList(),
                    "parents = depends_on.nodes of " + e.getKey());
            assertTrue(got.get("ancestors").size() >= parents.size());
        }
    }

    @Test
    void dbtMcpGetExposures() throws Exception {
        String query = new String(getClass().getResourceAsStream("/discovery/clients/dbt-mcp/GET_EXPOSURES.graphql")
                .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        Map<String, Object> variables = new HashMap<>();
        variables.put("environmentId", PRD456);
        variables.put("first", 100);
        variables.put("after", null);
        JsonNode answer = graphql(1, query, variables);
        assertFalse(answer.has("errors"), answer.toString());
        JsonNode exposures = answer.at("/data/environment/definition/exposures");
        assertEquals(2, exposures.get("totalCount").asInt());
        assertFalse(exposures.at("/pageInfo/hasNextPage").asBoolean());
        for (JsonNode edge : exposures.get("edges")) {
            JsonNode want = manifestExposures.get(edge.at("/node/uniqueId").asText());
            assertEquals(want.get("url").asText(), edge.at("/node/url").asText());
            assertEquals(want.get("name").asText(), edge.at("/node/name").asText());
        }
    }

    @Test
    void appliedExposuresAndTheExposureTypeFilter() throws Exception {
        JsonNode applied = graphql(1, """
                query($id: BigInt!) { environment(id: $id) { applied { exposures(first: 10) { totalCount
                  edges { node { uniqueId exposureType ownerName parents { uniqueId } } } } } } }""",
                Map.of("id", PRD456)).at("/data/environment/applied/exposures");
        assertEquals(2, applied.get("totalCount").asInt());
        JsonNode dashboards = graphql(1, """
                query($id: BigInt!, $t: String) { environment(id: $id) { definition {
                  exposures(first: 10, filter: {exposureType: $t}) { totalCount edges { node { uniqueId } } } } } }""",
                Map.of("id", PRD456, "t", "dashboard")).at("/data/environment/definition/exposures");
        assertEquals(2, dashboards.get("totalCount").asInt(), "both are dashboards");
        JsonNode notebooks = graphql(1, """
                query($id: BigInt!, $t: String) { environment(id: $id) { definition {
                  exposures(first: 10, filter: {exposureType: $t}) { totalCount edges { node { uniqueId } } } } } }""",
                Map.of("id", PRD456, "t", "notebook")).at("/data/environment/definition/exposures");
        assertEquals(0, notebooks.get("totalCount").asInt());
        assertEquals(0, notebooks.get("edges").size());
    }

    @Test
    void exposuresAreChildrenOfWhatTheyReadAndInTheLineage() throws Exception {
        JsonNode model = graphql(1, """
                query($id: BigInt!) { environment(id: $id) { applied {
                  models(first: 5, filter: {uniqueIds: ["model.balboa.personal_loans"]}) {
                    edges { node { children { uniqueId resourceType } } } } } } }""",
                Map.of("id", PRD456)).at("/data/environment/applied/models/edges/0/node/children");
        List<String> exposureChildren = new ArrayList<>();
        model.forEach(c -> {
            if (c.get("resourceType").asText().equals("exposure")) {
                exposureChildren.add(c.get("uniqueId").asText());
            }
        });
        assertEquals(List.of("exposure.balboa.customer_loans"), exposureChildren);

        JsonNode lineage = graphql(1, """
                query($id: BigInt!) { environment(id: $id) { applied { lineage(filter: {types: [Exposure]}) {
                  __typename uniqueId resourceType ... on ExposureLineageNode { parentIds } } } } }""",
                Map.of("id", PRD456)).at("/data/environment/applied/lineage");
        assertEquals(2, lineage.size(), lineage.toString());
        for (JsonNode n : lineage) {
            assertEquals("ExposureLineageNode", n.get("__typename").asText());
            assertEquals("Exposure", n.get("resourceType").asText());
            assertEquals(manifestExposures.get(n.get("uniqueId").asText()).at("/depends_on/nodes"), n.get("parentIds"));
        }
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        out.sort(null);
        return out;
    }
}
