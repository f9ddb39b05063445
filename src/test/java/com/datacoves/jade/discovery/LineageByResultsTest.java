package com.datacoves.jade.discovery;

import com.datacoves.jade.manifests.Artifacts;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Lineage selection by the environment's latest results, through GraphQL on the stored artifacts: {@code result:}
 * by a later build's run_results (customers failed, one of its tests failed), {@code source_status:fresher} by two
 * sources.json checks uploaded one after the other, as two runs of {@code dbt source freshness} leave them. Expected
 * sets come from the uploaded files and the manifest's {@code child_map}.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LineageByResultsTest extends DiscoveryTestBase {

    private static final String FAILED_TEST = "test.jaffle_shop.not_null_customers_customer_id.5c9bf9911d";
    private static final String ECOM = "source.jaffle_shop.ecom.";
    private static final String QUERY = """
            query ($environmentId: BigInt!, $filter: LineageFilter!) { environment(id: $environmentId) {
              applied { lineage(filter: $filter) { uniqueId resourceType } } } }""";
    private static final List<String> TYPES = List.of("Model", "Seed", "Test", "Source");

    private JsonNode manifest;
    private JsonNode laterResults;

    @BeforeAll
    void uploadLaterResultsAndTwoFreshnessChecks() throws Exception {
        manifest = JSON.readTree(Files.readAllBytes(Artifacts.named("jaffle_shop__manifest.json")));
        String later = otherSuccessfulRuns(null, 1).get(0)[1];
        ObjectNode build = buildResults("2099-01-01T00:00:00.000000Z");
        for (JsonNode result : build.get("results")) {
            String id = result.get("unique_id").asText();
            if (id.equals(CUSTOMERS)) {
                ((ObjectNode) result).put("status", "error").put("message", "relation does not exist");
            } else if (id.equals(FAILED_TEST)) {
                ((ObjectNode) result).put("status", "fail").put("failures", 3);
            }
        }
        laterResults = build;
        upload(later + "-run_results", "run_results.json", JSON.writeValueAsBytes(build));
        awaitExtractions(5);

        // the first check: three sources; the second, a day later: raw_customers unchanged, raw_orders newer,
        // raw_items failed to run, raw_stores checked for the first time; the others keep the first check
        upload(later + "-sources", "sources.json", sources("2099-01-01T00:00:00Z",
                check("raw_customers", "2098-12-31T22:00:00Z"), check("raw_orders", "2098-12-31T22:00:00Z"),
                check("raw_items", "2098-12-31T22:00:00Z")));
        awaitExtractions(6);
        upload(airflowRunId + "-sources", "sources.json", secondCheck());
        awaitExtractions(7);
    }

    private static byte[] secondCheck() {
        return sources("2099-01-02T00:00:00Z",
                check("raw_customers", "2098-12-31T22:00:00Z"), check("raw_orders", "2099-01-01T23:00:00Z"),
                "{\"unique_id\": \"" + ECOM + "raw_items\", \"status\": \"runtime error\","
                        + " \"error\": \"permission denied for table raw_items\"}",
                check("raw_stores", "2099-01-01T20:00:00Z"));
    }

    @Test
    void resultSelectsByTheLatestExecution() throws Exception {
        assertEquals(Set.of(CUSTOMERS), lineage("result:error"));
        assertEquals(Set.of(FAILED_TEST), lineage("result:fail"));
        assertEquals(with(CUSTOMERS, descendants(CUSTOMERS)), lineage("result:error+"));
        assertTrue(descendants(CUSTOMERS).contains(FAILED_TEST));

        // the later build is every node's latest execution; the first build and `dbt docs generate` are older
        Set<String> succeeded = new TreeSet<>();
        laterResults.get("results").forEach(r -> {
            if (r.path("status").asText().equals("success")) {
                succeeded.add(r.path("unique_id").asText());
            }
        });
        assertEquals(46 - 2, succeeded.size());
        assertEquals(succeeded, lineage("result:success"));
        Set<String> seeds = new TreeSet<>();
        succeeded.stream().filter(id -> id.startsWith("seed.")).forEach(seeds::add);
        assertEquals(seeds, lineage("result:success,resource_type:seed"));

        Set<String> everythingElse = lineage("*");
        everythingElse.removeAll(with(CUSTOMERS, descendants(CUSTOMERS)));
        assertEquals(everythingElse, lineage(null, "result:error+"));
    }

    @Test
    void sourceStatusFresherComparesWithTheCheckBefore() throws Exception {
        Set<String> fresher = new TreeSet<>();
        // raw_orders: newer than the first check; raw_stores: its first check; raw_products and raw_supplies were
        // never checked; raw_customers did not change; raw_items failed to run
        for (String table : List.of("raw_orders", "raw_stores")) {
            fresher.add(ECOM + table);
        }
        assertEquals(fresher, lineage("source_status:fresher"));
        Set<String> downstream = new TreeSet<>(fresher);
        for (String source : fresher) {
            downstream.addAll(descendants(source));
        }
        assertEquals(downstream, lineage("source_status:fresher+"));
        assertTrue(downstream.contains("model.jaffle_shop.stg_orders"), downstream.toString());

        JsonNode answer = postGraphql("/graphql", JSON.writeValueAsString(Map.of("query", QUERY, "variables",
                Map.of("environmentId", 1, "filter", Map.of("select", "source_status:stale")))));
        assertEquals("invalid selector: source_status:stale (expected fresher)",
                answer.path("errors").get(0).path("message").asText(), answer.toString());
    }

    /**
     * Each check keeps the {@code max_loaded_at} of the check it replaced; storing the second sources.json again
     * (a retried upload) keeps them, and what is fresher stays the same.
     */
    @Test
    void theSameChecksStoredAgainChangeNothing() throws Exception {
        Map<String, String> before = previousMaxLoadedAt();
        assertEquals(Map.of(ECOM + "raw_customers", "2098-12-31T22:00Z", ECOM + "raw_orders", "2098-12-31T22:00Z",
                ECOM + "raw_items", "2098-12-31T22:00Z", ECOM + "raw_stores", "none"), before);
        upload(airflowRunId + "-sources", "sources.json", secondCheck());
        awaitExtractions(8);
        assertEquals(before, previousMaxLoadedAt());
        assertEquals(Set.of(ECOM + "raw_orders", ECOM + "raw_stores"), lineage("source_status:fresher"));
    }

    private Map<String, String> previousMaxLoadedAt() throws Exception {
        Map<String, String> out = new java.util.TreeMap<>();
        try (Connection c = database("jade"); ResultSet r = c.createStatement().executeQuery("""
                SELECT unique_id, to_char(previous_max_loaded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI"Z"')
                FROM discovery_freshness WHERE environment_id = 1""")) {
            while (r.next()) {
                out.put(r.getString(1), r.getString(2) == null ? "none" : r.getString(2));
            }
        }
        return out;
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private Set<String> lineage(String select) throws Exception {
        return lineage(select, null);
    }

    private Set<String> lineage(String select, String exclude) throws Exception {
        Map<String, Object> filter = new java.util.HashMap<>();
        filter.put("types", TYPES);
        if (select != null) {
            filter.put("select", select);
        }
        if (exclude != null) {
            filter.put("exclude", exclude);
        }
        JsonNode nodes = ok(postGraphql("/graphql", JSON.writeValueAsString(Map.of("query", QUERY, "variables",
                Map.of("environmentId", 1, "filter", filter))))).at("/environment/applied/lineage");
        Set<String> ids = new TreeSet<>();
        nodes.forEach(n -> ids.add(n.path("uniqueId").asText()));
        return ids;
    }

    /** Every node below one in the manifest's child_map, of the kinds the queries ask for. */
    private Set<String> descendants(String id) {
        Set<String> seen = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(id));
        while (!todo.isEmpty()) {
            manifest.path("child_map").path(todo.pop()).forEach(c -> {
                String child = c.asText();
                if (child.matches("(model|seed|test|source)\\..*") && seen.add(child)) {
                    todo.add(child);
                }
            });
        }
        return seen;
    }

    private static Set<String> with(String id, Set<String> others) {
        Set<String> out = new TreeSet<>(others);
        out.add(id);
        return out;
    }

    private static String check(String table, String maxLoadedAt) {
        return "{\"unique_id\": \"" + ECOM + table + "\", \"status\": \"pass\", \"max_loaded_at\": \"" + maxLoadedAt
                + "\", \"snapshotted_at\": \"2099-01-02T00:00:00Z\", \"max_loaded_at_time_ago_in_s\": 60.0,"
                + " \"criteria\": {\"warn_after\": {\"count\": 1, \"period\": \"day\"}}}";
    }

    private static byte[] sources(String generatedAt, String... checks) {
        return ("{\"metadata\": {\"generated_at\": \"" + generatedAt + "\"}, \"results\": ["
                + String.join(", ", checks) + "]}").getBytes(StandardCharsets.UTF_8);
    }
}
