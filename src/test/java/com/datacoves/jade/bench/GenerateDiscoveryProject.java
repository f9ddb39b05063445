package com.datacoves.jade.bench;

import com.datacoves.jade.demo.DemoArtifacts;
import com.datacoves.jade.demo.ManifestGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Benchmark helper (bench/discovery.sh): a generated dbt project of about {@code nodes} nodes and sources — a manifest
 * from {@link ManifestGenerator}, and the run_results and catalog a {@code dbt build} and {@code docs generate} would
 * write for it ({@link DemoArtifacts}) — in {@code dir}. Usage: {@code GenerateDiscoveryProject <dir> <nodes>}; prints
 * {@code nodes=… models=… deepest=<model unique_id> ancestors=…} (the model with the most ancestors).
 */
public final class GenerateDiscoveryProject {

    private GenerateDiscoveryProject() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int wanted = Integer.parseInt(args[1]);
        int models = 1;
        while (ManifestGenerator.nodeCount(models) + ManifestGenerator.sourceCount(models) < wanted) {
            models++;
        }
        Path manifest = dir.resolve("manifest.json");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(manifest), 1 << 20)) {
            new ManifestGenerator(42).write(models, out);
        }
        DemoArtifacts.write(manifest.toFile(), dir, Instant.now().minusSeconds(60), DemoArtifacts.Outcome.ALL_PASS);
        JsonNode m = new ObjectMapper().readTree(manifest.toFile());
        Map<String, Set<String>> parents = new HashMap<>();
        m.path("nodes").forEach(n -> {
            Set<String> p = new HashSet<>();
            n.path("depends_on").path("nodes").forEach(x -> p.add(x.asText()));
            parents.put(n.path("unique_id").asText(), p);
        });
        String deepest = null;
        int most = -1;
        for (String id : parents.keySet()) {
            if (!id.startsWith("model.")) {
                continue;
            }
            Set<String> seen = new HashSet<>();
            ArrayDeque<String> todo = new ArrayDeque<>(parents.get(id));
            while (!todo.isEmpty()) {
                String p = todo.pop();
                if (seen.add(p)) {
                    todo.addAll(parents.getOrDefault(p, Set.of()));
                }
            }
            if (seen.size() > most) {
                most = seen.size();
                deepest = id;
            }
        }
        System.out.println("nodes=" + (m.path("nodes").size() + m.path("sources").size()) + " models=" + models
                + " deepest=" + deepest + " ancestors=" + most);
    }
}
