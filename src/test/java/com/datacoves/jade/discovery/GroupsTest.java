package com.datacoves.jade.discovery;

import com.datacoves.jade.demo.ManifestGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Groups (docs/discovery.md): the demo's generated manifest, whose group {@code core} holds the first model, uploaded
 * for environment prd456; {@code definition.groups} with its owner and models and {@code owners(resource: group)}
 * checked against the manifest's {@code groups} and {@code group_map}.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroupsTest extends DiscoveryTestBase {

    private JsonNode manifest;

    @BeforeAll
    void uploadTheGeneratedManifest() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ManifestGenerator(42).write(20, out);
        manifest = JSON.readTree(out.toByteArray());
        uploadManifestTo("prd456", PRD456, out.toByteArray());
    }

    @Test
    void groupsWithTheirOwnersAndModels() throws Exception {
        JsonNode answer = graphql(1, """
                query($id: BigInt!) { environment(id: $id) {
                  definition { groups(first: 10) { totalCount edges { node {
                    __typename uniqueId name description resourceType filePath packageName ownerName ownerEmail
                    modelCount models { uniqueId name } } } } }
                  applied { owners(resource: group) { name email } } } }""", Map.of("id", PRD456));
        JsonNode groups = answer.at("/data/environment/definition/groups");
        assertEquals(manifest.path("groups").size(), groups.path("totalCount").asInt(), answer.toString());
        for (JsonNode edge : groups.path("edges")) {
            JsonNode node = edge.path("node");
            JsonNode defined = manifest.path("groups").path(node.path("uniqueId").asText());
            assertEquals("GroupNode", node.path("__typename").asText());
            assertEquals("group", node.path("resourceType").asText());
            assertEquals(defined.path("name").asText(), node.path("name").asText());
            assertEquals(defined.path("description").asText(), node.path("description").asText());
            assertEquals(defined.path("original_file_path").asText(), node.path("filePath").asText());
            assertEquals(defined.at("/owner/name").asText(), node.path("ownerName").asText());
            assertEquals(defined.at("/owner/email").asText(), node.path("ownerEmail").asText());
            List<String> members = new ArrayList<>();
            manifest.path("group_map").path(node.path("uniqueId").asText()).forEach(m -> members.add(m.asText()));
            List<String> answered = new ArrayList<>();
            node.path("models").forEach(m -> answered.add(m.path("uniqueId").asText()));
            assertEquals(members, answered);
            assertEquals(members.size(), node.path("modelCount").asInt());
        }
        JsonNode owners = answer.at("/data/environment/applied/owners");
        assertEquals(1, owners.size());
        assertEquals("Data team", owners.at("/0/name").asText());
        assertEquals("data@example.com", owners.at("/0/email").asText());
    }
}
