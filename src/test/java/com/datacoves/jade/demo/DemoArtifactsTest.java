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
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo's run_results.json, catalog.json and sources.json describe exactly the nodes of the manifest they are made
 * for.
 */
class DemoArtifactsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AT = Instant.parse("2026-12-01T06:10:00Z");

    /** Writes the demo generator's manifest of 20 models to {@code dir/manifest.json} and returns it. */
    private static JsonNode generatedManifest(Path dir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ManifestGenerator(42).write(20, out);
        Files.write(dir.resolve("manifest.json"), out.toByteArray());
        return JSON.readTree(out.toByteArray());
    }

    /**
     * The older demo runs' manifest differs from the newest one exactly where the README says state:modified finds
     * changes: the first model's SQL and the second model's materialization (and the dbt invocation).
     */
    @Test
    void theEarlierVersionDiffersInTwoModels(@TempDir Path dir) throws Exception {
        JsonNode newest = generatedManifest(dir);
        File earlierFile = dir.resolve("earlier.json").toFile();
        DemoManifests.writeEarlierVersion(dir.resolve("manifest.json").toFile(), earlierFile);
        JsonNode earlier = JSON.readTree(earlierFile);

        assertEquals(DemoManifests.EARLIER_INVOCATION_ID, earlier.at("/metadata/invocation_id").asText());
        assertNotEquals(DemoManifests.EARLIER_INVOCATION_ID, newest.at("/metadata/invocation_id").asText());
        List<String> models = new java.util.ArrayList<>();
        newest.path("nodes").forEach(n -> {
            if (n.path("resource_type").asText().equals("model")) {
                models.add(n.path("unique_id").asText());
            }
        });
        Set<String> differing = new HashSet<>();
        newest.path("nodes").fields().forEachRemaining(e -> {
            if (!e.getValue().equals(earlier.path("nodes").path(e.getKey()))) {
                differing.add(e.getKey());
            }
        });
        assertEquals(Set.of(models.get(0), models.get(1)), differing);
        assertNotEquals(newest.path("nodes").path(models.get(0)).path("raw_code"),
                earlier.path("nodes").path(models.get(0)).path("raw_code"));
        String now = newest.path("nodes").path(models.get(1)).at("/config/materialized").asText();
        String before = earlier.path("nodes").path(models.get(1)).at("/config/materialized").asText();
        assertEquals(now.equals("view") ? "table" : "view", before);
        assertEquals(before, earlier.path("nodes").path(models.get(1)).at("/unrendered_config/materialized").asText());
        assertEquals(newest.path("sources"), earlier.path("sources"));
        assertEquals(newest.path("macros"), earlier.path("macros"));
    }

    @Test
    void resultsAndCatalogMatchTheManifest(@TempDir Path dir) throws Exception {
        JsonNode manifest = generatedManifest(dir);
        Map<String, File> files = DemoArtifacts.write(dir.resolve("manifest.json").toFile(), dir, AT,
                DemoArtifacts.Outcome.ALL_PASS);
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
        assertEquals(AT.toString(), results.path("metadata").path("generated_at").asText());
        assertEquals(manifest.path("metadata").path("invocation_id").asText(),
                results.path("metadata").path("invocation_id").asText());

        Set<String> catalogIds = new HashSet<>();
        catalog.path("nodes").fieldNames().forEachRemaining(catalogIds::add);
        assertEquals(relations, catalogIds);
        String model = relations.stream().filter(id -> id.startsWith("model.")).findFirst().orElseThrow();
        JsonNode documented = manifest.path("nodes").path(model).path("columns");
        assertEquals(documented.size(), catalog.path("nodes").path(model).path("columns").size());
        assertEquals(manifest.path("sources").size(), catalog.path("sources").size());
        JsonNode sources = JSON.readTree(files.get("sources"));
        assertEquals(manifest.path("sources").size(), sources.path("results").size());
        sources.path("results").forEach(r -> assertEquals("pass", r.path("status").asText(), r.toString()));
    }

    /**
     * A bad day: one model fails and everything below it (the manifest's child_map) is skipped, one test fails and
     * one warns, one source is stale; everything else as on a good day.
     */
    @Test
    void aBadDay(@TempDir Path dir) throws Exception {
        JsonNode manifest = generatedManifest(dir);
        Map<String, File> files = DemoArtifacts.write(dir.resolve("manifest.json").toFile(), dir, AT,
                DemoArtifacts.Outcome.SOME_FAIL);

        Map<String, String> status = new java.util.TreeMap<>();
        JSON.readTree(files.get("run_results")).path("results")
                .forEach(r -> status.put(r.path("unique_id").asText(), r.path("status").asText()));
        List<String> errors = ids(status, "error");
        assertEquals(1, errors.size(), status.toString());
        String failed = errors.get(0);
        assertTrue(failed.startsWith("model."), failed);
        Set<String> below = new java.util.TreeSet<>();
        java.util.Deque<String> todo = new java.util.ArrayDeque<>(List.of(failed));
        while (!todo.isEmpty()) {
            manifest.path("child_map").path(todo.pop()).forEach(c -> {
                if (status.containsKey(c.asText()) && below.add(c.asText())) {
                    todo.add(c.asText());
                }
            });
        }
        assertTrue(below.stream().anyMatch(id -> id.startsWith("model.")), "a model below the failed one");
        assertEquals(below, new java.util.TreeSet<>(ids(status, "skipped")));
        assertEquals(1, ids(status, "fail").size());
        assertEquals(1, ids(status, "warn").size());
        assertEquals(status.size() - 3 - below.size(),
                ids(status, "success").size() + ids(status, "pass").size());

        JsonNode sources = JSON.readTree(files.get("sources")).path("results");
        assertEquals("warn", sources.get(0).path("status").asText());
        assertEquals(72000.0, sources.get(0).path("max_loaded_at_time_ago_in_s").asDouble());
        for (int i = 1; i < sources.size(); i++) {
            assertEquals("pass", sources.get(i).path("status").asText());
        }
    }

    private static List<String> ids(Map<String, String> status, String wanted) {
        return status.entrySet().stream().filter(e -> e.getValue().equals(wanted)).map(Map.Entry::getKey).toList();
    }
}
