package com.datacoves.jade.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * DEMO ONLY: the {@code run_results.json} and {@code catalog.json} a {@code dbt build} plus {@code dbt docs generate}
 * would write for a given manifest, so that demo runs carry the artifacts a real Datacoves environment uploads (run
 * steps' results, the Discovery API's execution info and columns). Every model, seed and snapshot succeeds and every
 * test passes; catalog columns are the manifest's documented columns ({@code data_type}, else {@code TEXT}).
 * The manifest is read whole: demo manifests are small.
 */
public final class DemoArtifacts {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> EXECUTED = Set.of("model", "seed", "snapshot", "test");
    private static final Set<String> RELATIONS = Set.of("model", "seed", "snapshot");

    private DemoArtifacts() {
    }

    /**
     * Writes {@code run_results.json} and {@code catalog.json} for {@code manifest} into {@code dir} (also used by
     * the Discovery benchmark to give a generated project its results).
     *
     * @param generatedAt the artifacts' {@code generated_at}, UTC
     * @return the files by stem: {@code run_results}, {@code catalog}
     * @throws IOException when a file cannot be read or written
     */
    public static Map<String, File> write(File manifest, Path dir, Instant generatedAt) throws IOException {
        JsonNode m = JSON.readTree(manifest);
        Path runResults = dir.resolve("demo-run_results.json");
        Path catalog = dir.resolve("demo-catalog.json");
        JSON.writeValue(runResults.toFile(), runResults(m, generatedAt));
        JSON.writeValue(catalog.toFile(), catalog(m, generatedAt));
        return Map.of("run_results", runResults.toFile(), "catalog", catalog.toFile());
    }

    private static ObjectNode metadata(JsonNode manifest, String schema, Instant generatedAt) {
        ObjectNode md = JSON.createObjectNode();
        md.put("dbt_schema_version", "https://schemas.getdbt.com/dbt/" + schema);
        md.put("dbt_version", manifest.path("metadata").path("dbt_version").asText("1.8.3"));
        md.put("generated_at", generatedAt.toString());
        md.put("invocation_id", manifest.path("metadata").path("invocation_id").asText(""));
        md.putObject("env");
        return md;
    }

    static ObjectNode runResults(JsonNode manifest, Instant generatedAt) {
        ObjectNode root = JSON.createObjectNode();
        root.set("metadata", metadata(manifest, "run-results/v6.json", generatedAt));
        ArrayNode results = root.putArray("results");
        double elapsed = 0;
        int i = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = manifest.path("nodes").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String type = e.getValue().path("resource_type").asText();
            if (!EXECUTED.contains(type)) {
                continue;
            }
            double seconds = 0.2 + (i++ % 7) * 0.35;
            elapsed += seconds;
            Instant started = generatedAt.minusMillis((long) ((elapsed + 1) * 1000));
            Instant done = started.plusMillis((long) (seconds * 1000));
            ObjectNode r = results.addObject();
            r.put("status", type.equals("test") ? "pass" : "success");
            ArrayNode timing = r.putArray("timing");
            timing.addObject().put("name", "compile").put("started_at", started.toString())
                    .put("completed_at", started.plusMillis(20).toString());
            timing.addObject().put("name", "execute").put("started_at", started.plusMillis(20).toString())
                    .put("completed_at", done.toString());
            r.put("thread_id", "Thread-" + (i % 4 + 1));
            r.put("execution_time", seconds);
            r.putObject("adapter_response").put("_message", "SUCCESS 1").put("code", "SUCCESS");
            r.put("message", type.equals("test") ? null : "SUCCESS 1");
            if (type.equals("test")) {
                r.put("failures", 0);
            } else {
                r.putNull("failures");
            }
            r.put("unique_id", e.getKey());
            r.put("compiled", true);
            r.put("compiled_code", e.getValue().path("compiled_code").asText(""));
            JsonNode relation = e.getValue().get("relation_name");
            r.set("relation_name", relation == null ? JSON.nullNode() : relation);
        }
        root.put("elapsed_time", elapsed);
        root.putObject("args").put("which", "build");
        return root;
    }

    static ObjectNode catalog(JsonNode manifest, Instant generatedAt) {
        ObjectNode root = JSON.createObjectNode();
        root.set("metadata", metadata(manifest, "catalog/v1.json", generatedAt));
        ObjectNode nodes = root.putObject("nodes");
        for (Iterator<Map.Entry<String, JsonNode>> it = manifest.path("nodes").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (RELATIONS.contains(e.getValue().path("resource_type").asText())) {
                nodes.set(e.getKey(), table(e.getKey(), e.getValue()));
            }
        }
        ObjectNode sources = root.putObject("sources");
        for (Iterator<Map.Entry<String, JsonNode>> it = manifest.path("sources").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            sources.set(e.getKey(), table(e.getKey(), e.getValue()));
        }
        root.putNull("errors");
        return root;
    }

    private static ObjectNode table(String uniqueId, JsonNode node) {
        ObjectNode t = JSON.createObjectNode();
        ObjectNode md = t.putObject("metadata");
        boolean view = "view".equals(node.path("config").path("materialized").asText());
        md.put("type", view ? "VIEW" : "BASE TABLE");
        md.put("schema", node.path("schema").asText());
        String name = node.hasNonNull("alias") ? node.get("alias").asText()
                : node.hasNonNull("identifier") ? node.get("identifier").asText() : node.path("name").asText();
        md.put("name", name);
        md.put("database", node.path("database").asText());
        md.putNull("comment");
        md.put("owner", "demo");
        ObjectNode columns = t.putObject("columns");
        int index = 1;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.path("columns").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> c = it.next();
            String type = c.getValue().hasNonNull("data_type") ? c.getValue().get("data_type").asText() : "TEXT";
            columns.putObject(c.getKey()).put("type", type).put("index", index++).put("name", c.getKey())
                    .putNull("comment");
        }
        ObjectNode hasStats = t.putObject("stats").putObject("has_stats");
        hasStats.put("id", "has_stats").put("label", "Has Stats?").put("value", false).put("include", false)
                .put("description", "Indicates whether there are statistics for this table");
        t.put("unique_id", uniqueId);
        return t;
    }
}
