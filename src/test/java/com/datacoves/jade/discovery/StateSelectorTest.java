package com.datacoves.jade.discovery;

import com.datacoves.jade.manifests.Artifacts;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * dbt's {@code state:} selector method through GraphQL: jaffle_shop's real manifest is uploaded for environment
 * prd456, then a second manifest of the same DAG from a later dbt invocation that changes one model's code, another's
 * config, a source's {@code loaded_at_field} and a macro, adds a model, reorders a config's keys and moves every
 * {@code created_at} (neither of which dbt counts as a change). Each {@code state:} value must select exactly the
 * nodes dbt would, computed here from the two manifests.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StateSelectorTest extends DiscoveryTestBase {

    private static final String QUERY = """
            query ($environmentId: BigInt!, $filter: LineageFilter!) { environment(id: $environmentId) {
              applied { lineage(filter: $filter) { uniqueId } } } }""";
    private static final String ORDERS = "model.jaffle_shop.orders";
    private static final String NEW_MODEL = "model.jaffle_shop.brand_new";
    private static final String STG_LOCATIONS = "model.jaffle_shop.stg_locations";
    private static final String SOURCE = "source.jaffle_shop.ecom.raw_customers";
    private static final String CHANGED_MACRO = "macro.jaffle_shop.default__cents_to_dollars";

    private ObjectNode second;

    @BeforeAll
    void uploadTheFirstManifest() throws Exception {
        ObjectNode first = (ObjectNode) JSON.readTree(Files.readAllBytes(Artifacts.named("jaffle_shop__manifest.json")));
        second = first.deepCopy();
        ((ObjectNode) second.get("metadata")).put("invocation_id", "2f6c8a8e-0000-4000-8000-000000000002");
        ObjectNode nodes = (ObjectNode) second.get("nodes");
        nodes.forEach(n -> ((ObjectNode) n).put("created_at", 1893456000.0));
        ((ObjectNode) nodes.get(CUSTOMERS)).put("raw_code", nodes.get(CUSTOMERS).get("raw_code").asText()
                + "\n-- reviewed");
        ((ObjectNode) nodes.get(ORDERS).get("unrendered_config")).put("materialized", "incremental");
        // the same config, keys in another order (nested ones too): not a change
        ((ObjectNode) first.get("nodes").get(STG_LOCATIONS)).set("unrendered_config", JSON.readTree(
                "{\"materialized\": \"view\", \"docs\": {\"show\": true, \"node_color\": \"red\"}}"));
        ((ObjectNode) nodes.get(STG_LOCATIONS)).set("unrendered_config", JSON.readTree(
                "{\"docs\": {\"node_color\": \"red\", \"show\": true}, \"materialized\": \"view\"}"));
        ObjectNode added = nodes.get("model.jaffle_shop.stg_customers").deepCopy();
        added.put("unique_id", NEW_MODEL).put("name", "brand_new");
        nodes.set(NEW_MODEL, added);
        ((ObjectNode) second.get("sources").get(SOURCE)).put("loaded_at_field", "_loaded_at");
        ((ObjectNode) second.get("macros").get(CHANGED_MACRO)).put("macro_sql", "{% macro default__cents_to_dollars("
                + "column_name) -%} ({{ column_name }} / 100)::numeric(16, 2) {%- endmacro %}");

        uploadManifestTo("prd456", PRD456, JSON.writeValueAsBytes(first));
        awaitCurrentInvocation(first.at("/metadata/invocation_id").asText());
    }

    @Test
    @Order(1)
    void withoutAnEarlierManifestStateIsAnError() throws Exception {
        assertEquals("invalid selector: state:modified (no earlier manifest of this DAG to compare with)",
                error("state:modified"));
    }

    @Test
    @Order(2)
    void eachValueSelectsWhatDbtWould() throws Exception {
        uploadManifestTo("prd456", PRD456, JSON.writeValueAsBytes(second));
        awaitCurrentInvocation("2f6c8a8e-0000-4000-8000-000000000002");

        Set<String> macroUsers = usersOf(CHANGED_MACRO);
        assertEquals(Set.of("model.jaffle_shop.stg_orders", "model.jaffle_shop.stg_products",
                "model.jaffle_shop.stg_supplies"), macroUsers);
        assertEquals(Set.of(NEW_MODEL), lineage("state:new"));
        assertEquals(Set.of(CUSTOMERS, NEW_MODEL), lineage("state:modified.body"));
        assertEquals(Set.of(ORDERS, NEW_MODEL), lineage("state:modified.configs"));
        assertEquals(Set.of(NEW_MODEL), lineage("state:modified.relation"));
        assertEquals(Set.of(NEW_MODEL), lineage("state:modified.persisted_descriptions"));
        assertEquals(Set.of(NEW_MODEL), lineage("state:modified.contract"));
        assertEquals(macroUsers, lineage("state:modified.macros"));
        Set<String> modified = new TreeSet<>(macroUsers);
        modified.addAll(Set.of(CUSTOMERS, ORDERS, SOURCE, NEW_MODEL));
        assertEquals(modified, lineage("state:modified"));

        Set<String> all = lineage("*");
        Set<String> unmodified = new TreeSet<>(all);
        unmodified.removeAll(modified);
        assertTrue(unmodified.contains(STG_LOCATIONS), unmodified.toString());
        assertEquals(unmodified, lineage("state:unmodified"));
        Set<String> old = new TreeSet<>(all);
        old.remove(NEW_MODEL);
        assertEquals(old, lineage("state:old"));

        // graph operators and intersections work on it as on any method
        Set<String> below = new TreeSet<>(lineage("customers+"));
        below.add(NEW_MODEL);
        assertEquals(below, lineage("state:modified.body+"));
        assertEquals(Set.of(CUSTOMERS), lineage("state:modified.body,customers+"));
        assertEquals("invalid selector: state:changed (expected new, old, modified, unmodified, modified.body,"
                + " modified.configs, modified.relation, modified.persisted_descriptions, modified.macros,"
                + " modified.contract)", error("state:changed"));
    }

    /** The same manifest extracted again does not become its own baseline. */
    @Test
    @Order(3)
    void reExtractingAManifestKeepsItsBaseline() throws Exception {
        long before = currentSetId();
        uploadManifestTo("prd456", PRD456, JSON.writeValueAsBytes(second));
        poll(() -> currentSetId() != before ? true : null);
        assertEquals(Set.of(CUSTOMERS, NEW_MODEL), lineage("state:modified.body"));
    }

    /**
     * A node set committed by a Jade before this version has no digests (its baseline status is NULL): the manifest
     * after it has nothing to compare with, the one after that has.
     */
    @Test
    @Order(4)
    void aSetFromBeforeDigestsIsNoBaseline() throws Exception {
        try (Connection c = database("jade")) {
            c.createStatement().executeUpdate("UPDATE discovery_manifests SET baseline_status = NULL"
                    + " WHERE is_current AND environment_id = " + PRD456);
            c.createStatement().executeUpdate("UPDATE discovery_nodes SET content_digest = NULL WHERE manifest_id = "
                    + currentSetId());
        }
        ObjectNode third = second.deepCopy();
        ((ObjectNode) third.get("metadata")).put("invocation_id", "2f6c8a8e-0000-4000-8000-000000000003");
        uploadManifestTo("prd456", PRD456, JSON.writeValueAsBytes(third));
        awaitCurrentInvocation("2f6c8a8e-0000-4000-8000-000000000003");
        assertEquals("invalid selector: state:new (the earlier manifest of this DAG was extracted before Jade kept"
                + " what state: compares; the DAG's next manifest can be compared)", error("state:new"));

        // a baseline whose set is gone, as a replica of an earlier version leaves one when it replaces a set
        try (Connection c = database("jade")) {
            c.createStatement().executeUpdate("INSERT INTO discovery_node_baselines (environment_id, manifest_id,"
                    + " unique_id, resource_type, content_digest) VALUES (" + PRD456 + ", -1, 'model.x.y', 'model', 1)");
        }
        ObjectNode fourth = third.deepCopy();
        ((ObjectNode) fourth.get("metadata")).put("invocation_id", "2f6c8a8e-0000-4000-8000-000000000004");
        uploadManifestTo("prd456", PRD456, JSON.writeValueAsBytes(fourth));
        awaitCurrentInvocation("2f6c8a8e-0000-4000-8000-000000000004");
        assertEquals(Set.of(), lineage("state:modified"));
        assertEquals(lineage("*"), lineage("state:old"));
        // only the current set's baseline is kept
        try (Connection c = database("jade"); ResultSet r = c.createStatement().executeQuery(
                "SELECT DISTINCT manifest_id FROM discovery_node_baselines WHERE environment_id = " + PRD456)) {
            assertTrue(r.next());
            assertEquals(currentSetId(), r.getLong(1));
            assertFalse(r.next(), "one baseline");
        }
    }

    /** The nodes that use a macro directly or through macros that call it, as the second manifest declares. */
    private Set<String> usersOf(String macro) {
        Map<String, Set<String>> callers = new LinkedHashMap<>();
        second.get("macros").forEach(m -> m.path("depends_on").path("macros").forEach(callee ->
                callers.computeIfAbsent(callee.asText(), k -> new HashSet<>()).add(m.path("unique_id").asText())));
        Set<String> affected = new HashSet<>(Set.of(macro));
        Deque<String> todo = new ArrayDeque<>(affected);
        while (!todo.isEmpty()) {
            for (String caller : callers.getOrDefault(todo.poll(), Set.of())) {
                if (affected.add(caller)) {
                    todo.add(caller);
                }
            }
        }
        Set<String> users = new TreeSet<>();
        second.get("nodes").forEach(n -> {
            for (Iterator<JsonNode> it = n.path("depends_on").path("macros").elements(); it.hasNext(); ) {
                if (affected.contains(it.next().asText())) {
                    users.add(n.path("unique_id").asText());
                }
            }
        });
        return users;
    }

    private void awaitCurrentInvocation(String invocationId) throws Exception {
        poll(() -> {
            try (Connection c = database("jade"); ResultSet r = c.createStatement().executeQuery(
                    "SELECT invocation_id FROM discovery_manifests WHERE is_current AND environment_id = " + PRD456)) {
                return r.next() && invocationId.equals(r.getString(1)) ? true : null;
            }
        });
    }

    private long currentSetId() throws Exception {
        try (Connection c = database("jade"); ResultSet r = c.createStatement().executeQuery(
                "SELECT id FROM discovery_manifests WHERE is_current AND environment_id = " + PRD456)) {
            assertTrue(r.next());
            return r.getLong(1);
        }
    }

    private Set<String> lineage(String select) throws Exception {
        JsonNode nodes = ok(postGraphql("/graphql", JSON.writeValueAsString(Map.of("query", QUERY, "variables",
                Map.of("environmentId", PRD456, "filter", Map.of("select", select))))))
                .at("/environment/applied/lineage");
        Set<String> ids = new TreeSet<>();
        nodes.forEach(n -> ids.add(n.path("uniqueId").asText()));
        return ids;
    }

    private String error(String select) throws Exception {
        JsonNode answer = postGraphql("/graphql", JSON.writeValueAsString(Map.of("query", QUERY, "variables",
                Map.of("environmentId", PRD456, "filter", Map.of("select", select)))));
        return answer.path("errors").get(0).path("message").asText();
    }
}
