package com.datacoves.jade.discovery;

import com.datacoves.jade.manifests.Artifacts;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * YAML selectors through GraphQL: jaffle_shop's manifest with a {@code selectors} section, as dbt writes one from
 * selectors.yml, is uploaded for environment prd456, and {@code lineage(filter: {select: "selector:<name>"})} answers
 * the nodes the definition names, computed here from the manifest's own fields.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class YamlSelectorsTest extends DiscoveryTestBase {

    private static final String QUERY = """
            query ($environmentId: BigInt!, $filter: LineageFilter!) { environment(id: $environmentId) {
              applied { lineage(filter: $filter) { uniqueId } } } }""";

    private JsonNode manifest;

    @BeforeAll
    void uploadAManifestWithSelectors() throws Exception {
        ObjectNode m = (ObjectNode) JSON.readTree(Files.readAllBytes(Artifacts.named("jaffle_shop__manifest.json")));
        ObjectNode selectors = m.putObject("selectors");
        selectors.set("staging_models", JSON.readTree("""
                {"name": "staging_models", "description": "", "default": false, "definition": {"intersection": [
                  {"method": "path", "value": "models/staging"}, {"method": "resource_type", "value": "model"}]}}"""));
        selectors.set("nightly", JSON.readTree("""
                {"name": "nightly", "description": "", "default": true, "definition": {"union": [
                  {"method": "selector", "value": "staging_models"}, "customers",
                  {"exclude": [{"method": "fqn", "value": "stg_orders"}]}]}}"""));
        manifest = m;
        uploadManifestTo("prd456", PRD456, JSON.writeValueAsBytes(m));
    }

    @Test
    void aSelectorNamesTheNodesOfItsDefinition() throws Exception {
        Set<String> staging = new TreeSet<>();
        manifest.path("nodes").forEach(n -> {
            if (n.path("resource_type").asText().equals("model")
                    && n.path("original_file_path").asText().startsWith("models/staging/")) {
                staging.add(n.path("unique_id").asText());
            }
        });
        assertEquals(6, staging.size(), staging.toString());
        assertEquals(staging, lineage("selector:staging_models"));

        Set<String> nightly = new TreeSet<>(staging);
        nightly.add(CUSTOMERS);
        nightly.remove("model.jaffle_shop.stg_orders");
        assertEquals(nightly, lineage("selector:nightly"));

        JsonNode answer = postGraphql("/graphql", JSON.writeValueAsString(Map.of("query", QUERY, "variables",
                Map.of("environmentId", PRD456, "filter", Map.of("select", "selector:weekly")))));
        assertEquals("invalid selector: selector:weekly (the manifest has no such selector)",
                answer.path("errors").get(0).path("message").asText(), answer.toString());
    }

    /** A manifest keeps at most {@link ManifestReader#MAX_SELECTORS} selectors. */
    @Test
    void selectorsAreBounded() throws Exception {
        StringBuilder json = new StringBuilder("{\"selectors\": {");
        for (int i = 0; i <= ManifestReader.MAX_SELECTORS; i++) {
            json.append(i == 0 ? "" : ", ").append("\"s").append(i).append("\": {\"definition\": \"tag:t\"}");
        }
        json.append("}}");
        ManifestReader.Metadata m = ManifestReader.read(new ByteArrayInputStream(
                json.toString().getBytes(StandardCharsets.UTF_8)), (n, state) -> { });
        assertEquals(ManifestReader.MAX_SELECTORS, JSON.readTree(m.selectorsJson()).size());
        assertEquals("\"tag:t\"", JSON.readTree(m.selectorsJson()).path("s0").toString());
    }

    private Set<String> lineage(String select) throws Exception {
        JsonNode nodes = ok(postGraphql("/graphql", JSON.writeValueAsString(Map.of("query", QUERY, "variables",
                Map.of("environmentId", PRD456, "filter", Map.of("select", select, "types", List.of("Model")))))))
                .at("/environment/applied/lineage");
        Set<String> ids = new TreeSet<>();
        nodes.forEach(n -> ids.add(n.path("uniqueId").asText()));
        return ids;
    }
}
