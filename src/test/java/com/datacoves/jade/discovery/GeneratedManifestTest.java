package com.datacoves.jade.discovery;

import com.datacoves.jade.demo.ManifestGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo's generated manifest has something of every kind the Discovery API serves, and reads as its maps say: every
 * served node's parents (as extracted) are the manifest's own {@code parent_map} entry and exist in the manifest.
 */
class GeneratedManifestTest {

    @Test
    void everyKindIsThereAndTheParentsAgreeWithTheParentMap() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ManifestGenerator(42).write(20, out);
        JsonNode manifest = new ObjectMapper().readTree(out.toByteArray());
        List<NodeDefinition> nodes = new ArrayList<>();
        ManifestReader.read(new ByteArrayInputStream(out.toByteArray()), (d, state) -> nodes.add(d));

        Map<String, Integer> kinds = new TreeMap<>();
        nodes.forEach(n -> kinds.merge(n.resourceType(), 1, Integer::sum));
        assertEquals(Map.of("model", 20, "test", 20, "seed", ManifestGenerator.seedCount(20),
                "source", ManifestGenerator.sourceCount(20), "exposure", 1, "macro", 1, "metric", 2, "group", 1,
                "semantic_model", 1, "saved_query", 1), kinds);

        TreeSet<String> ids = new TreeSet<>();
        nodes.forEach(n -> ids.add(n.uniqueId()));
        for (NodeDefinition n : nodes) {
            if (n.resourceType().equals("macro") || n.resourceType().equals("group")) {
                continue; // macros and groups are not in the parent and child maps
            }
            List<String> mapped = new ArrayList<>();
            manifest.path("parent_map").path(n.uniqueId()).forEach(p -> mapped.add(p.asText()));
            assertEquals(mapped, n.dependsOn(), n.uniqueId());
            assertTrue(ids.containsAll(n.dependsOn()), n.uniqueId());
            for (String parent : n.dependsOn()) {
                List<String> children = new ArrayList<>();
                manifest.path("child_map").path(parent).forEach(c -> children.add(c.asText()));
                assertTrue(children.contains(n.uniqueId()), parent + " → " + n.uniqueId());
            }
            assertTrue(n.detailsJson() != null || !NodeViews.DEFINITION_ONLY.contains(n.resourceType()),
                    n.uniqueId());
        }
    }
}
