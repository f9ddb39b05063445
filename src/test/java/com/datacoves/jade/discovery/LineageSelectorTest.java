package com.datacoves.jade.discovery;

import com.datacoves.jade.manifests.Artifacts;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * dbt's selection syntax over the real jaffle_shop manifest (and Datacoves' fixture, which has tags): every expected
 * set is computed here from the manifest's own {@code parent_map}, {@code child_map} and fields, not from Jade's code.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LineageSelectorTest {

    private static final String CUSTOMERS = "model.jaffle_shop.customers";
    private static final String STG_ORDERS = "model.jaffle_shop.stg_orders";

    private JsonNode manifest;
    private List<NodeDefinition> definitions;
    private Set<String> extracted;
    private LineageSelector selector;

    @BeforeAll
    void read() throws Exception {
        manifest = new ObjectMapper().readTree(Files.readAllBytes(Artifacts.named("jaffle_shop__manifest.json")));
        definitions = definitions("jaffle_shop__manifest.json");
        extracted = new TreeSet<>();
        definitions.stream().filter(d -> !d.resourceType().equals("macro")).forEach(d -> extracted.add(d.uniqueId()));
        selector = new LineageSelector(definitions.stream().filter(d -> !d.resourceType().equals("macro")).toList(),
                NO_RESULTS, NO_SELECTORS, NO_STATES);
    }

    @Test
    void graphOperators() {
        // a bare name is dbt's fqn method, whatever the kind: the model and the semantic model named customers
        Set<String> customers = where(n -> n.path("name").asText().equals("customers"));
        assertEquals(Set.of(CUSTOMERS, "semantic_model.jaffle_shop.customers"), customers);
        Set<String> up = new TreeSet<>(customers);
        Set<String> parents = new TreeSet<>(customers);
        for (String c : customers) {
            up.addAll(walk(c, "parent_map", -1));
            parents.addAll(walk(c, "parent_map", 1));
        }
        assertEquals(up, sorted(selector.select("+customers")));
        assertEquals(parents, sorted(selector.select("1+customers")));
        assertEquals(with(STG_ORDERS, walk(STG_ORDERS, "child_map", -1)), sorted(selector.select("stg_orders+")));
        assertEquals(with(STG_ORDERS, walk(STG_ORDERS, "child_map", 1)), sorted(selector.select("stg_orders+1")));
        Set<String> at = with(STG_ORDERS, walk(STG_ORDERS, "child_map", -1));
        for (String d : new ArrayList<>(at)) {
            at.addAll(walk(d, "parent_map", -1));
        }
        assertEquals(at, sorted(selector.select("@stg_orders")));
        assertTrue(selector.select("+customers").contains("source.jaffle_shop.ecom.raw_customers"));
    }

    @Test
    void methodsUnionsAndIntersections() {
        assertEquals(where(n -> n.path("resource_type").asText().equals("seed")),
                sorted(selector.select("resource_type:seed")));
        assertEquals(where(n -> n.path("resource_type").asText().equals("model")
                        && n.at("/config/materialized").asText().equals("table")),
                sorted(selector.select("resource_type:model,config.materialized:table")));
        assertEquals(where(n -> n.path("original_file_path").asText().startsWith("models/staging/")),
                sorted(selector.select("path:models/staging")));
        assertEquals(where(n -> n.path("name").asText().startsWith("stg_")), sorted(selector.select("stg_*")));
        assertEquals(where(n -> n.path("resource_type").asText().equals("source")),
                sorted(selector.select("source:ecom")));
        assertEquals(Set.of("source.jaffle_shop.ecom.raw_orders"), sorted(selector.select("source:ecom.raw_orders")));
        assertEquals(where(n -> n.path("resource_type").asText().equals("semantic_model")
                        || n.path("name").asText().equals("customers")),
                sorted(selector.select("customers semantic_model:*")));
        assertEquals(Set.of(CUSTOMERS, "semantic_model.jaffle_shop.customers"),
                sorted(selector.select("jaffle_shop.marts.customers")));
        assertEquals(Set.of(CUSTOMERS), sorted(selector.select("models/marts/customers.sql")));
        assertEquals(Set.of(), sorted(selector.select("no_such_model")));
    }

    /** The methods that read a node's JSON fields: test metadata and any config key; and model versions. */
    @Test
    void testConfigAndVersionMethods() {
        Predicate<JsonNode> test = n -> n.path("resource_type").asText().equals("test");
        assertEquals(where(test.and(n -> n.at("/test_metadata/name").asText().equals("unique"))),
                sorted(selector.select("test_name:unique")));
        assertEquals(where(test.and(n -> n.at("/test_metadata/name").asText().startsWith("not_"))),
                sorted(selector.select("test_name:not_*")));
        Set<String> generic = where(test.and(n -> n.has("test_metadata") && !n.path("test_metadata").isNull()));
        assertEquals(generic, sorted(selector.select("test_type:generic")));
        assertEquals(where(test), sorted(selector.select("test_type:data")));
        assertEquals(where(test.and(n -> !generic.contains(n.path("unique_id").asText()))),
                sorted(selector.select("test_type:singular")));
        assertEquals(Set.of(), sorted(selector.select("test_type:unit")));
        assertEquals(Set.of(), sorted(selector.select("unit_test:*")));

        Set<String> warn = where(n -> n.at("/config/severity").asText().equals("warn"));
        assertEquals(2, warn.size(), "jaffle_shop has two tests of severity warn");
        assertEquals(warn, sorted(selector.select("config.severity:warn")));
        assertEquals(where(n -> n.at("/config/docs/show").asBoolean(false)),
                sorted(selector.select("config.docs.show:TRUE")));
        assertEquals(where(n -> n.at("/config/enabled").asBoolean(false)),
                sorted(selector.select("config.enabled:true")));
        // an intersection with a plain-column method, and a graph operator on a config atom
        assertEquals(where(test.and(n -> n.at("/config/severity").asText().equals("warn"))),
                sorted(selector.select("resource_type:test,config.severity:warn")));

        Predicate<JsonNode> model = n -> n.path("resource_type").asText().equals("model");
        assertEquals(where(model.and(n -> n.path("version").isNull() || n.path("version").isMissingNode())),
                sorted(selector.select("version:none")));
        assertEquals(Set.of(), sorted(selector.select("version:latest")), "jaffle_shop has no versioned model");

        assertTrue(LineageSelector.readsJson("+customers test_name:unique"));
        assertTrue(LineageSelector.readsJson("resource_type:model,config.schema:marts+"));
        assertTrue(!LineageSelector.readsJson("+customers config.materialized:table,tag:x"));
        assertEquals("invalid selector: test_type:big (expected generic, singular, unit or data)",
                assertThrows(DiscoveryException.class, () -> selector.select("test_type:big")).getMessage());
        assertEquals("invalid selector: version:new (expected latest, prerelease, old or none)",
                assertThrows(DiscoveryException.class, () -> selector.select("version:new")).getMessage());
    }

    /** Singular tests (dbt's own state manifest has one) and model versions compared as dbt does. */
    @Test
    void singularTestsAndVersions() throws Exception {
        List<NodeDefinition> state = definitions("state-v12__manifest.json");
        Set<String> singular = new TreeSet<>();
        state.stream().filter(d -> d.resourceType().equals("test") && d.testMetadataJson() == null)
                .forEach(d -> singular.add(d.uniqueId()));
        assertEquals(1, singular.size(), singular.toString());
        LineageSelector s = new LineageSelector(state, NO_RESULTS, NO_SELECTORS, NO_STATES);
        assertEquals(singular, sorted(s.select("test_type:singular")));
        assertEquals(Set.of(), sorted(s.select("test_type:singular,test_type:generic")));

        List<NodeDefinition> versioned = List.of(model("v1", "1", "2"), model("v2", "2", "2"), model("v3", "3", "2"),
                model("plain", null, null), model("rc", "2.1", "2"));
        LineageSelector v = new LineageSelector(versioned, NO_RESULTS, NO_SELECTORS, NO_STATES);
        assertEquals(Set.of("model.p.v2"), sorted(v.select("version:latest")));
        assertEquals(Set.of("model.p.v3", "model.p.rc"), sorted(v.select("version:prerelease")));
        assertEquals(Set.of("model.p.v1"), sorted(v.select("version:old")));
        assertEquals(Set.of("model.p.plain"), sorted(v.select("version:none")));
    }

    private static NodeDefinition model(String name, String version, String latest) {
        return new NodeDefinition("model.p." + name, "model", name, null, "p", "models/" + name + ".sql", null, null,
                null, name, name, null, null, null, null, "view", "sql", null, null, version, latest, null, List.of(),
                List.of("p", name), List.of(), List.of(), null, null, null, null, null, null, null, null, null, null);
    }

    @Test
    void tags() throws Exception {
        List<NodeDefinition> fixture = definitions("jade-test-fixture__manifest.json");
        Set<String> tagged = new TreeSet<>();
        fixture.stream().filter(d -> d.tags().contains("daily_run_airbyte")).forEach(d -> tagged.add(d.uniqueId()));
        assertTrue(!tagged.isEmpty());
        LineageSelector s = new LineageSelector(fixture, NO_RESULTS, NO_SELECTORS, NO_STATES);
        assertEquals(tagged, sorted(s.select("tag:daily_run_airbyte")));
        assertEquals(tagged, sorted(s.select("tag:daily_run_a*")));
    }

    /**
     * {@code result:} and {@code source_status:} over the latest results of an environment: jaffle_shop's own
     * run_results.json with customers failed and one of its tests warning, and two sources fresher than before.
     */
    @Test
    void resultAndSourceStatusMethods() throws Exception {
        Map<String, String> status = new TreeMap<>();
        for (JsonNode r : new ObjectMapper().readTree(Files.readAllBytes(
                Artifacts.named("jaffle_shop__run_results.json"))).path("results")) {
            status.put(r.path("unique_id").asText(), r.path("status").asText());
        }
        String warning = "test.jaffle_shop.not_null_customers_customer_id.5c9bf9911d";
        status.put(CUSTOMERS, "error");
        status.put(warning, "warn");
        Set<String> fresher = Set.of("source.jaffle_shop.ecom.raw_orders", "source.jaffle_shop.ecom.raw_stores",
                STG_ORDERS);
        int[] asked = {0, 0};
        LineageSelector s = new LineageSelector(definitions.stream()
                .filter(d -> !d.resourceType().equals("macro")).toList(), new LineageSelector.Results() {
            @Override
            public Set<String> withLastStatus(String wanted) {
                asked[0]++;
                Set<String> ids = new TreeSet<>();
                status.forEach((id, st) -> {
                    if (st.equals(wanted)) {
                        ids.add(id);
                    }
                });
                return ids;
            }

            @Override
            public Set<String> fresherSources() {
                asked[1]++;
                return fresher;
            }
        }, NO_SELECTORS, NO_STATES);
        assertEquals(Set.of(CUSTOMERS), sorted(s.select("result:error")));
        assertEquals(with(CUSTOMERS, walk(CUSTOMERS, "child_map", -1)), sorted(s.select("result:error+")));
        assertEquals(Set.of(CUSTOMERS, warning), sorted(s.select("result:error result:warn")));
        Set<String> succeeded = new TreeSet<>();
        status.forEach((id, st) -> {
            if (st.equals("success") && id.startsWith("model.")) {
                succeeded.add(id);
            }
        });
        assertEquals(12, succeeded.size(), "13 models ran, customers failed");
        assertEquals(succeeded, sorted(s.select("result:success,resource_type:model")));
        assertEquals(Set.of(), sorted(s.select("result:Error")), "statuses compare exactly, as in dbt");
        assertEquals(Set.of(), sorted(s.select("result:*")), "no wildcards either");

        // only sources: the results' other ids (here a model) do not count
        Set<String> fresherPlus = new TreeSet<>(Set.of("source.jaffle_shop.ecom.raw_orders",
                "source.jaffle_shop.ecom.raw_stores"));
        assertEquals(fresherPlus, sorted(s.select("source_status:fresher")));
        for (String source : List.copyOf(fresherPlus)) {
            fresherPlus.addAll(walk(source, "child_map", -1));
        }
        assertEquals(fresherPlus, sorted(s.select("source_status:fresher+")));
        // one selector serves one request (its select and exclude): each status is asked for once
        assertEquals(5, asked[0], "error, warn, success, Error, *");
        s.select("source_status:fresher+ source_status:fresher,resource_type:source");
        assertEquals(1, asked[1]);
        assertEquals("invalid selector: source_status:stale (expected fresher)",
                assertThrows(DiscoveryException.class, () -> s.select("source_status:stale")).getMessage());
    }

    /**
     * YAML selectors as dbt writes them into the manifest ({@code selectors}: name → definition): each is checked
     * against the CLI selection it stands for.
     */
    @Test
    void yamlSelectors() throws Exception {
        Map<String, String> yaml = Map.of(
                "staging", "\"path:models/staging\"",
                "marts_tables", """
                        {"intersection": [{"method": "path", "value": "models/marts"},
                                          {"config.materialized": "table"}]}""",
                "customers_up", """
                        {"method": "fqn", "value": "customers", "parents": true,
                         "exclude": [{"method": "resource_type", "value": "source"}]}""",
                "orders_down", "{\"method\": \"fqn\", \"value\": \"stg_orders\", \"children_depth\": 1}",
                "orders_at", "{\"method\": \"fqn\", \"value\": \"stg_orders\", \"childrens_parents\": true}",
                "inherits", """
                        {"union": [{"method": "selector", "value": "staging"}, "customers+1",
                                   {"exclude": [{"resource_type": "test"}, {"selector": "orders_down"}]}]}""",
                "loop_a", "{\"method\": \"selector\", \"value\": \"loop_b\"}",
                "loop_b", "{\"selector\": \"loop_a\"}",
                "bad_union", "{\"union\": \"staging\"}",
                "two_keys", "{\"tag\": \"a\", \"path\": \"b\"}");
        LineageSelector s = new LineageSelector(definitions.stream()
                .filter(d -> !d.resourceType().equals("macro")).toList(), NO_RESULTS, yaml::get, NO_STATES);
        assertEquals(sorted(s.select("path:models/staging")), sorted(s.select("selector:staging")));
        assertTrue(s.select("selector:staging").size() > 5);
        assertEquals(sorted(s.select("path:models/staging+")), sorted(s.select("selector:staging+")));
        assertEquals(sorted(s.select("path:models/marts,config.materialized:table")),
                sorted(s.select("selector:marts_tables")));
        Set<String> up = sorted(s.select("+customers"));
        up.removeAll(s.select("resource_type:source"));
        assertEquals(up, sorted(s.select("selector:customers_up")));
        assertEquals(sorted(s.select("stg_orders+1")), sorted(s.select("selector:orders_down")));
        assertEquals(sorted(s.select("@stg_orders")), sorted(s.select("selector:orders_at")));
        Set<String> inherits = sorted(s.select("path:models/staging customers+1"));
        inherits.removeAll(s.select("resource_type:test stg_orders+1"));
        assertEquals(inherits, sorted(s.select("selector:inherits")));
        assertTrue(LineageSelector.readsJson("selector:marts_tables"), "a YAML selector may read config");

        assertEquals("invalid selector: selector:loop_a uses itself",
                assertThrows(DiscoveryException.class, () -> s.select("selector:loop_a")).getMessage());
        assertEquals("invalid selector: selector:nope (the manifest has no such selector)",
                assertThrows(DiscoveryException.class, () -> s.select("selector:nope")).getMessage());
        assertEquals("invalid selector: selector:bad_union (union takes a list)",
                assertThrows(DiscoveryException.class, () -> s.select("selector:bad_union")).getMessage());
        assertEquals("invalid selector: selector:two_keys (expected one key, or method and value)",
                assertThrows(DiscoveryException.class, () -> s.select("selector:two_keys")).getMessage());
    }

    @Test
    void badSelectorsAreErrorsClientsRead() {
        assertEquals("unsupported selector method: wildcard",
                assertThrows(DiscoveryException.class, () -> selector.select("wildcard:x")).getMessage());
        assertEquals("invalid selector: a++",
                assertThrows(DiscoveryException.class, () -> selector.select("a++")).getMessage());
        assertEquals("invalid selector: @+customers (@ takes no + operators)",
                assertThrows(DiscoveryException.class, () -> selector.select("@+customers")).getMessage());
        assertEquals("invalid selector: tag: (no value)",
                assertThrows(DiscoveryException.class, () -> selector.select("tag:")).getMessage());
        assertEquals("invalid selector: 99999999999+customers", assertThrows(DiscoveryException.class,
                () -> selector.select("99999999999+customers")).getMessage());
        assertEquals(selector.select("+customers"), selector.select("999999999+customers"));
        String many = "customers ".repeat(LineageSelector.MAX_ATOMS) + "orders";
        assertEquals("a selector has at most 100 atoms (this one has 101)",
                assertThrows(DiscoveryException.class, () -> selector.select(many)).getMessage());
        assertEquals(selector.select("customers"), selector.select("customers ".repeat(LineageSelector.MAX_ATOMS)));
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    /** For selections that name no YAML selector. */
    private static final LineageSelector.Selectors NO_SELECTORS = name -> {
        throw new AssertionError("not asked for by these selections");
    };

    /** For selections that do not use {@code state:}. */
    private static final LineageSelector.States NO_STATES = new LineageSelector.States() {
        @Override
        public String baselineStatus() {
            throw new AssertionError("not asked for by these selections");
        }

        @Override
        public Map<String, NodeState> current() {
            throw new AssertionError("not asked for by these selections");
        }

        @Override
        public Map<String, NodeState> baseline() {
            throw new AssertionError("not asked for by these selections");
        }

        @Override
        public Map<String, List<String>> macroCalls() {
            throw new AssertionError("not asked for by these selections");
        }
    };

    /** For selections that use neither {@code result:} nor {@code source_status:}. */
    private static final LineageSelector.Results NO_RESULTS = new LineageSelector.Results() {
        @Override
        public Set<String> withLastStatus(String status) {
            throw new AssertionError("not asked for by these selections");
        }

        @Override
        public Set<String> fresherSources() {
            throw new AssertionError("not asked for by these selections");
        }
    };

    private static List<NodeDefinition> definitions(String artifact) throws Exception {
        List<NodeDefinition> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(Artifacts.named(artifact))) {
            ManifestReader.read(in, (d, state) -> out.add(d));
        }
        return out;
    }

    /** The manifest's map walked from an id, at most {@code depth} steps (-1: all), within the extracted nodes. */
    private Set<String> walk(String from, String map, int depth) {
        Set<String> seen = new TreeSet<>();
        Deque<String> frontier = new ArrayDeque<>(List.of(from));
        for (int step = 0; !frontier.isEmpty() && (depth < 0 || step < depth); step++) {
            Deque<String> next = new ArrayDeque<>();
            for (String id : frontier) {
                for (JsonNode e : manifest.path(map).path(id)) {
                    if (extracted.contains(e.asText()) && seen.add(e.asText())) {
                        next.add(e.asText());
                    }
                }
            }
            frontier = next;
        }
        return seen;
    }

    private Set<String> where(Predicate<JsonNode> p) {
        Set<String> out = new TreeSet<>();
        for (String section : List.of("nodes", "sources", "exposures", "metrics", "semantic_models", "saved_queries")) {
            manifest.path(section).forEach(n -> {
                if (extracted.contains(n.path("unique_id").asText()) && p.test(n)) {
                    out.add(n.path("unique_id").asText());
                }
            });
        }
        return out;
    }

    private static Set<String> with(String id, Set<String> others) {
        Set<String> out = new TreeSet<>(others);
        out.add(id);
        return out;
    }

    private static Set<String> sorted(Set<String> ids) {
        return new TreeSet<>(ids);
    }
}
