package com.datacoves.jade.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo's run_results.json and catalog.json describe exactly the nodes of the manifest they are made for. */
class DemoArtifactsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void resultsAndCatalogMatchTheManifest(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ManifestGenerator(42).write(20, out);
        Path manifestFile = dir.resolve("manifest.json");
        Files.write(manifestFile, out.toByteArray());
        JsonNode manifest = JSON.readTree(out.toByteArray());
        Instant at = Instant.parse("2026-12-01T06:10:00Z");

        Map<String, File> files = DemoArtifacts.write(manifestFile.toFile(), dir, at);
        JsonNode results = JSON.readTree(files.get("run_results"));
        JsonNode catalog = JSON.readTree(files.get("catalog"));

        Set<String> executed = new HashSet<>();
        Set<String> relations = new HashSet<>();
        manifest.path("nodes").fields().forEachRemaining(e -> {
            String type = e.getValue().path("resource_type").asText();
            if (Set.of("model", "seed", "snapshot", "test").contains(type)) {
                executed.add(e.getKey());
            }
            if (Set.of("model", "seed", "snapshot").contains(type)) {
                relations.add(e.getKey());
            }
        });
        assertTrue(executed.size() > 10, "the generated manifest has models and tests: " + executed.size());
        Set<String> resultIds = new HashSet<>();
        for (JsonNode r : results.path("results")) {
            resultIds.add(r.path("unique_id").asText());
            String expected = r.path("unique_id").asText().startsWith("test.") ? "pass" : "success";
            assertEquals(expected, r.path("status").asText(), r.toString());
            assertTrue(r.path("execution_time").asDouble() > 0, r.toString());
        }
        assertEquals(executed, resultIds);
        assertEquals("2026-12-01T06:10:00Z", results.path("metadata").path("generated_at").asText());
        assertEquals(manifest.path("metadata").path("invocation_id").asText(),
                results.path("metadata").path("invocation_id").asText());

        Set<String> catalogIds = new HashSet<>();
        catalog.path("nodes").fieldNames().forEachRemaining(catalogIds::add);
        assertEquals(relations, catalogIds);
        String model = relations.stream().filter(id -> id.startsWith("model.")).findFirst().orElseThrow();
        JsonNode documented = manifest.path("nodes").path(model).path("columns");
        assertEquals(documented.size(), catalog.path("nodes").path(model).path("columns").size());
        assertEquals(manifest.path("sources").size(), catalog.path("sources").size());
    }
}
