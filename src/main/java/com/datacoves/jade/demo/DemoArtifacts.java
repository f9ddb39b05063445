package com.datacoves.jade.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * DEMO ONLY: the {@code run_results.json}, {@code catalog.json} and {@code sources.json} a {@code dbt build}, a
 * {@code dbt docs generate} and a {@code dbt source freshness} would write for a given manifest, so that demo runs
 * carry the artifacts a real Datacoves environment uploads (run steps' results, the Discovery API's execution info,
 * columns and freshness). With {@link Outcome#ALL_PASS} every model, seed and snapshot succeeds, every test passes and
 * every source is fresh; {@link Outcome#SOME_FAIL} is a bad day (see there). Catalog columns are the manifest's
 * documented columns ({@code data_type}, else {@code TEXT}). The manifest is read whole: demo manifests are small.
 */
public final class DemoArtifacts {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> EXECUTED = Set.of("model", "seed", "snapshot", "test");
    private static final Set<String> RELATIONS = Set.of("model", "seed", "snapshot");

    private DemoArtifacts() {
    }

    /** What a demo run's artifacts report. */
    public enum Outcome {
        /** Every node built, every test passed, every source fresh. */
        ALL_PASS,
        /**
         * A bad day: the last model (in the manifest's order) that other models depend on fails to build and every
         * node below it is skipped; of the tests that still run, the first fails (3 rows) and the second warns (1
         * row); the first source's freshness check warns (its newest row is 20 hours old).
         */
        SOME_FAIL
    }

    /**
     * Writes {@code run_results.json}, {@code catalog.json} and {@code sources.json} for {@code manifest} into
     * {@code dir}, replacing earlier ones (also used by the Discovery benchmark to give a generated project its
     * results).
     *
     * @param generatedAt the artifacts' {@code generated_at}, UTC
     * @param outcome     what the results report
     * @return the files by stem: {@code run_results}, {@code catalog}, {@code sources}
     * @throws IOException when a file cannot be read or written
     */
    public static Map<String, File> write(File manifest, Path dir, Instant generatedAt, Outcome outcome)
            throws IOException {
        JsonNode m = JSON.readTree(manifest);
        Path runResults = dir.resolve("demo-run_results.json");
        Path catalog = dir.resolve("demo-catalog.json");
        Path sources = dir.resolve("demo-sources.json");
        JSON.writeValue(runResults.toFile(), runResults(m, generatedAt, outcome));
        JSON.writeValue(catalog.toFile(), catalog(m, generatedAt));
        JSON.writeValue(sources.toFile(), sources(m, generatedAt, outcome));
        return Map.of("run_results", runResults.toFile(), "catalog", catalog.toFile(), "sources", sources.toFile());
    }

    /** Unique id → the status a {@link Outcome#SOME_FAIL} build gives it; nodes not named here succeed or pass. */
    static Map<String, String> badDay(JsonNode manifest) {
        Map<String, List<String>> children = new HashMap<>();
        Set<String> parentModels = new HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = manifest.path("nodes").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            for (JsonNode parent : e.getValue().path("depends_on").path("nodes")) {
                children.computeIfAbsent(parent.asText(), k -> new ArrayList<>()).add(e.getKey());
                if (parent.asText().startsWith("model.") && e.getKey().startsWith("model.")) {
                    parentModels.add(parent.asText());
                }
            }
        }
        String failing = null;
        for (Iterator<String> it = manifest.path("nodes").fieldNames(); it.hasNext(); ) {
            String id = it.next();
            failing = parentModels.contains(id) ? id : failing;
        }
        Map<String, String> out = new LinkedHashMap<>();
        if (failing == null) {
            return out;
        }
        out.put(failing, "error");
        Deque<String> todo = new ArrayDeque<>(List.of(failing));
        while (!todo.isEmpty()) {
            for (String child : children.getOrDefault(todo.pop(), List.of())) {
                if (!out.containsKey(child)) {
                    out.put(child, "skipped");
                    todo.add(child);
                }
            }
        }
        int tests = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = manifest.path("nodes").fields(); it.hasNext() && tests < 2; ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().path("resource_type").asText().equals("test") && !out.containsKey(e.getKey())) {
                out.put(e.getKey(), tests++ == 0 ? "fail" : "warn");
            }
        }
        return out;
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

    static ObjectNode runResults(JsonNode manifest, Instant generatedAt, Outcome outcome) {
        Map<String, String> bad = outcome == Outcome.SOME_FAIL ? badDay(manifest) : Map.of();
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
            double seconds = (20 + (i++ % 7) * 35) / 100.0;
            elapsed += seconds;
            Instant started = generatedAt.minusMillis((long) ((elapsed + 1) * 1000));
            Instant done = started.plusMillis((long) (seconds * 1000));
            ObjectNode r = results.addObject();
            String status = bad.getOrDefault(e.getKey(), type.equals("test") ? "pass" : "success");
            r.put("status", status);
            ArrayNode timing = r.putArray("timing");
            timing.addObject().put("name", "compile").put("started_at", started.toString())
                    .put("completed_at", started.plusMillis(20).toString());
            timing.addObject().put("name", "execute").put("started_at", started.plusMillis(20).toString())
                    .put("completed_at", done.toString());
            r.put("thread_id", "Thread-" + (i % 4 + 1));
            r.put("execution_time", status.equals("skipped") ? 0 : seconds);
            r.putObject("adapter_response").put("_message", "SUCCESS 1").put("code", "SUCCESS");
            r.put("message", switch (status) {
                case "error" -> "Database Error in model " + e.getValue().path("name").asText()
                        + ": relation \"raw.missing_upstream\" does not exist";
                case "skipped" -> "SKIP";
                case "fail" -> "Got 3 results, configured to fail if != 0";
                case "warn" -> "Got 1 result, configured to warn if != 0";
                default -> type.equals("test") ? null : "SUCCESS 1";
            });
            if (type.equals("test")) {
                r.put("failures", status.equals("fail") ? 3 : status.equals("warn") ? 1 : 0);
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

    /**
     * A {@code dbt source freshness} of every source: checked at {@code generatedAt}, newest row 30 minutes old
     * ({@code pass} against warn after 12 hours, error after 24); with {@link Outcome#SOME_FAIL} the first source's
     * newest row is 20 hours old ({@code warn}).
     */
    static ObjectNode sources(JsonNode manifest, Instant generatedAt, Outcome outcome) {
        ObjectNode root = JSON.createObjectNode();
        root.set("metadata", metadata(manifest, "sources/v3.json", generatedAt));
        ArrayNode results = root.putArray("results");
        boolean first = true;
        for (Iterator<String> it = manifest.path("sources").fieldNames(); it.hasNext(); ) {
            String id = it.next();
            boolean stale = first && outcome == Outcome.SOME_FAIL;
            first = false;
            long age = stale ? 20 * 3600 : 1800;
            ObjectNode r = results.addObject();
            r.put("unique_id", id);
            r.put("max_loaded_at", generatedAt.minusSeconds(age).toString());
            r.put("snapshotted_at", generatedAt.toString());
            r.put("max_loaded_at_time_ago_in_s", (double) age);
            r.put("status", stale ? "warn" : "pass");
            ObjectNode criteria = r.putObject("criteria");
            criteria.putObject("warn_after").put("count", 12).put("period", "hour");
            criteria.putObject("error_after").put("count", 24).put("period", "hour");
            criteria.putNull("filter");
            r.putObject("adapter_response");
            r.putArray("timing");
            r.put("thread_id", "Thread-1");
            r.put("execution_time", 0.05);
        }
        root.put("elapsed_time", 0.05 * results.size());
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
