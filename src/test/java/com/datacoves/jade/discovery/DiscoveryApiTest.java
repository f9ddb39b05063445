package com.datacoves.jade.discovery;

import com.datacoves.jade.manifests.Artifacts;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Discovery API through real HTTP: real jaffle_shop artifacts uploaded the way Airflow's tasks do (manifest linked
 * to a DAG run, run_results/catalog as environment files tagged {@code <run_id>-<stem>}), then queried with the exact
 * query texts dbt-mcp and DataHub send.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiscoveryApiTest extends DiscoveryTestBase {

    @Inject
    DiscoveryRepository repository;

    /**
     * The planner data refresh after a large extraction (docs/discovery.md, "Performance") runs for every artifact
     * and leaves statistics for the columns queries select by (this class's loads are below its threshold, so nothing
     * else runs it here).
     */
    @Test
    void plannerDataRefreshRunsForEveryArtifact() throws Exception {
        for (String artifact : List.of("manifest", "run_results", "catalog", "sources")) {
            repository.refreshPlannerData(artifact, DiscoveryRepository.REFRESH_AFTER_ROWS);
        }
        try (Connection c = database("jade"); ResultSet r = c.createStatement().executeQuery("""
                SELECT count(DISTINCT tablename || '.' || attname) FROM pg_stats WHERE (tablename, attname) IN (
                    ('discovery_nodes', 'unique_id'), ('discovery_run_results', 'airflow_run_id'),
                    ('discovery_applied', 'last_status'), ('discovery_catalog', 'unique_id'))""")) {
            r.next();
            assertEquals(4, r.getInt(1));
        }
    }


    @Test
    void dbtMcpModelHealthAnswersTheLatestBuild() throws Exception {
        JsonNode body = graphql(1, clientRequest("dbt-mcp/GET_MODEL_HEALTH.graphql"), Map.of("environmentId", 1,
                "modelsFilter", Map.of("uniqueIds", List.of(CUSTOMERS)), "first", 1));
        assertFalse(body.has("errors"), body.toString());
        JsonNode node = body.at("/data/environment/applied/models/edges/0/node");
        assertEquals(CUSTOMERS, node.get("uniqueId").asText());
        assertEquals("success", node.at("/executionInfo/lastRunStatus").asText());
        assertEquals("2026-02-28T23:34:56.212963Z", node.at("/executionInfo/executeCompletedAt").asText());
        assertEquals("2026-02-28T23:34:56.34589Z", node.at("/executionInfo/lastRunGeneratedAt").asText());
        List<String> tests = new ArrayList<>();
        node.get("tests").forEach(t -> tests.add(t.get("name").asText()));
        assertTrue(tests.contains("unique_customers_customer_id"), tests.toString());
        JsonNode unique = find(node.get("tests"), "name", "unique_customers_customer_id");
        assertEquals("customer_id", unique.get("columnName").asText());
        assertEquals("GENERIC_DATA_TEST", unique.get("testType").asText());
        assertEquals("success", unique.at("/executionInfo/lastRunStatus").asText());
        List<String> ancestors = new ArrayList<>();
        node.get("ancestors").forEach(a -> ancestors.add(a.get("name").asText() + ":" + a.get("resourceType").asText()));
        assertTrue(ancestors.contains("stg_customers:model"), ancestors.toString());
        assertTrue(ancestors.contains("raw_customers:source"), ancestors.toString());
    }

    @Test
    void parentsCatalogAndExecutionIdsOfAModel() throws Exception {
        JsonNode body = graphql(1, """
                query ($env: BigInt!) { environment(id: $env) { dbtProjectName adapterType applied {
                  models(first: 1, filter: {uniqueIds: ["model.jaffle_shop.customers"]}) { totalCount edges { node {
                    uniqueId materializedType database schema alias filePath
                    parents { uniqueId name resourceType }
                    executionInfo { lastRunId lastJobDefinitionId lastSuccessRunId executionTime }
                    catalog { type owner columns { name type index } }
                  } } } } } }""", Map.of("env", "1"));
        assertFalse(body.has("errors"), body.toString());
        assertEquals("jaffle_shop", body.at("/data/environment/dbtProjectName").asText());
        assertEquals("snowflake", body.at("/data/environment/adapterType").asText());
        JsonNode node = body.at("/data/environment/applied/models/edges/0/node");
        assertEquals(1, body.at("/data/environment/applied/models/totalCount").asInt());
        assertEquals("table", node.get("materializedType").asText());
        assertEquals("models/marts/customers.sql", node.get("filePath").asText());
        List<String> parents = new ArrayList<>();
        node.get("parents").forEach(p -> parents.add(p.get("uniqueId").asText()));
        assertEquals(List.of("model.jaffle_shop.stg_customers", "model.jaffle_shop.orders"), parents);
        assertEquals(runId, node.at("/executionInfo/lastRunId").asLong());
        assertEquals(jobId, node.at("/executionInfo/lastJobDefinitionId").asLong());
        assertEquals(runId, node.at("/executionInfo/lastSuccessRunId").asLong());
        assertEquals(0.05041956901550293, node.at("/executionInfo/executionTime").asDouble());
        assertEquals("BASE TABLE", node.at("/catalog/type").asText());
        JsonNode column = node.at("/catalog/columns/0");
        assertEquals("CUSTOMER_ID", column.get("name").asText());
        assertEquals("TEXT", column.get("type").asText());
        assertEquals(1, column.get("index").asInt());
    }

    @Test
    void docsGenerateResultsAreNotExecutions() throws Exception {
        try (Connection c = database("jade"); ResultSet r = c.createStatement().executeQuery(
                "SELECT outcome, detail FROM discovery_extractions WHERE airflow_run_id = 'manual__docs'")) {
            assertTrue(r.next());
            assertEquals("skipped", r.getString(1));
            assertEquals("results of `dbt generate` are not executions", r.getString(2));
        }
        try (Connection c = database("jade"); ResultSet r = c.createStatement().executeQuery(
                "SELECT count(*) FROM discovery_run_results WHERE airflow_run_id = 'manual__docs'")) {
            r.next();
            assertEquals(0, r.getInt(1));
        }
    }

    /**
     * A run's results replaced by the same run's {@code dbt docs generate} results (one tag per run: the later upload
     * replaces the file) keep the run's executions: the docs results are read to their end before Jade knows they do
     * not count, and nothing of them is stored.
     */
    @Test
    void docsGenerateResultsOfARunLeaveItsBuildResults() throws Exception {
        String other = otherSuccessfulRuns(null, 1).get(0)[1];
        JsonNode docs = JSON.readTree(Files.readAllBytes(Artifacts.named("jaffle_shop__run_results.json")));
        Set<String> nodes = new HashSet<>();
        docs.get("results").forEach(r -> nodes.add(r.get("unique_id").asText()));
        // older than the base class's build: the applied state stays as the other tests expect it
        upload(other + "-run_results", "run_results.json", JSON.writeValueAsBytes(buildResults("2000-01-01T00:00:00Z")));
        awaitExtractionOf(other, 1);
        assertEquals(nodes.size(), resultsOf(other));

        upload(other + "-run_results", "run_results.json", JSON.writeValueAsBytes(docs));
        awaitExtractionOf(other, 2);
        try (Connection c = database("jade"); PreparedStatement s = c.prepareStatement("SELECT outcome FROM"
                + " discovery_extractions WHERE airflow_run_id = ? ORDER BY id DESC LIMIT 1")) {
            s.setString(1, other);
            try (ResultSet r = s.executeQuery()) {
                assertTrue(r.next());
                assertEquals("skipped", r.getString(1));
            }
        }
        assertEquals(nodes.size(), resultsOf(other), "the build's results of the run are kept");
    }

    private void awaitExtractionOf(String airflowRun, int count) throws Exception {
        poll(() -> {
            try (Connection c = database("jade"); PreparedStatement s = c.prepareStatement(
                    "SELECT count(*) FROM discovery_extractions WHERE airflow_run_id = ?")) {
                s.setString(1, airflowRun);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    return r.getInt(1) >= count ? true : null;
                }
            }
        });
    }

    private int resultsOf(String airflowRun) throws Exception {
        try (Connection c = database("jade"); PreparedStatement s = c.prepareStatement(
                "SELECT count(*) FROM discovery_run_results WHERE airflow_run_id = ?")) {
            s.setString(1, airflowRun);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    /** dbt-mcp's get_all_sources query, as its client sends it. */
    @Test
    void dbtMcpSources() throws Exception {
        JsonNode body = graphql(1, clientRequest("dbt-mcp/GET_SOURCES.graphql"), Map.of("environmentId", 1, "sourcesFilter", Map.of("sourceNames", List.of("ecom")), "first", 100));
        assertFalse(body.has("errors"), body.toString());
        JsonNode edges = body.at("/data/environment/applied/sources/edges");
        assertEquals(6, edges.size());
        JsonNode customers = find(edges, "uniqueId", "source.jaffle_shop.ecom.raw_customers");
        assertEquals("One record per person who has purchased one or more items", customers.get("description").asText());
        assertEquals("ecom", customers.get("sourceName").asText());
        assertEquals("raw_customers", customers.get("identifier").asText());
        assertEquals("source", customers.get("resourceType").asText());
        assertTrue(customers.at("/freshness/freshnessStatus").isNull());
        assertFalse(body.at("/data/environment/applied/sources/pageInfo/hasNextPage").asBoolean());
    }

    @Test
    void firstAndAfterPage() throws Exception {
        String q = """
                query ($after: String) { environment(id: 1) { applied { models(first: 5, after: $after) {
                  totalCount pageInfo { hasNextPage endCursor startCursor hasPreviousPage } edges { cursor node { uniqueId } } } } } }""";
        JsonNode one = graphql(1, q, Map.of()).at("/data/environment/applied/models");
        assertEquals(13, one.get("totalCount").asInt());
        assertTrue(one.at("/pageInfo/hasNextPage").asBoolean());
        assertFalse(one.at("/pageInfo/hasPreviousPage").asBoolean());
        assertEquals("model.jaffle_shop.customers", one.at("/edges/0/node/uniqueId").asText());
        Map<String, Object> after = Map.of("after", one.at("/pageInfo/endCursor").asText());
        JsonNode two = graphql(1, q, after).at("/data/environment/applied/models");
        assertEquals(5, two.get("edges").size());
        assertTrue(two.at("/pageInfo/hasPreviousPage").asBoolean());
        assertEquals("model.jaffle_shop.products", two.at("/edges/0/node/uniqueId").asText());
        assertNotEquals(one.at("/edges/4/node/uniqueId").asText(), two.at("/edges/0/node/uniqueId").asText());
        JsonNode three = graphql(1, q, Map.of("after", two.at("/pageInfo/endCursor").asText()))
                .at("/data/environment/applied/models");
        assertEquals(3, three.get("edges").size());
        assertFalse(three.at("/pageInfo/hasNextPage").asBoolean());
    }

    /** Paging by cursors in every order visits each model once, in the order of the same list asked in one page. */
    @Test
    void cursorsPageThroughEveryOrder() throws Exception {
        String q = """
                query ($after: String, $first: Int, $sort: AppliedModelSort) { environment(id: 1) { applied {
                  models(first: $first, after: $after, sort: $sort) {
                    pageInfo { hasNextPage endCursor } edges { node { uniqueId } } } } } }""";
        for (String field : List.of("uniqueId", "executeCompletedAt")) {
            for (String direction : List.of("asc", "desc")) {
                Map<String, Object> sort = Map.of("field", field, "direction", direction);
                List<String> whole = ids(graphql(1, q, Map.of("first", 500, "sort", sort))
                        .at("/data/environment/applied/models/edges"));
                assertEquals(13, whole.size());
                List<String> paged = new ArrayList<>();
                String after = null;
                for (int page = 0; page < 10; page++) {
                    Map<String, Object> variables = new java.util.HashMap<>(Map.of("first", 3, "sort", sort));
                    if (after != null) {
                        variables.put("after", after);
                    }
                    JsonNode models = graphql(1, q, variables).at("/data/environment/applied/models");
                    paged.addAll(ids(models.get("edges")));
                    if (!models.at("/pageInfo/hasNextPage").asBoolean()) {
                        break;
                    }
                    after = models.at("/pageInfo/endCursor").asText();
                }
                assertEquals(whole, paged, field + " " + direction);
            }
        }
        JsonNode bad = graphql(1, q, Map.of("after", "bm90IGEgY3Vyc29y"));
        assertTrue(bad.at("/errors/0/message").asText().contains("invalid cursor"), bad.toString());
    }

    /**
     * Related nodes read with only their definition (when a query selects only such fields) carry the same values as
     * when the query also selects their execution and catalog.
     */
    @Test
    void relatedNodesAnswerTheSameWhateverElseIsSelected() throws Exception {
        String fields = "uniqueId name resourceType filePath fqn description"
                + " ... on ModelAppliedStateNestedNode { database schema alias materializedType packageName access }"
                + " ... on SourceAppliedStateNestedNode { database schema identifier sourceName loader }"
                + " ... on SeedAppliedStateNestedNode { database schema alias packageName }";
        String light = "query { environment(id: 1) { applied { models(first: 500) { edges { node { uniqueId"
                + " parents { %1$s } children { %1$s } ancestors(types: [Model, Source, Seed, Snapshot]) { %1$s }"
                + " } } } } } }";
        String heavy = fields + " ... on ModelAppliedStateNestedNode { executionInfo { lastRunStatus } }"
                + " ... on SourceAppliedStateNestedNode { freshness { freshnessStatus } }";
        JsonNode lightBody = graphql(1, String.format(light, fields), Map.of());
        JsonNode heavyBody = graphql(1, String.format(light, heavy), Map.of());
        assertFalse(lightBody.has("errors") || heavyBody.has("errors"), lightBody + " " + heavyBody);
        JsonNode a = lightBody.at("/data/environment/applied/models/edges");
        JsonNode b = heavyBody.at("/data/environment/applied/models/edges");
        assertEquals(13, a.size());
        int related = 0;
        for (int i = 0; i < a.size(); i++) {
            for (String relation : List.of("parents", "children", "ancestors")) {
                JsonNode x = a.get(i).at("/node/" + relation);
                JsonNode y = b.get(i).at("/node/" + relation);
                assertEquals(y.size(), x.size(), relation);
                for (int j = 0; j < x.size(); j++) {
                    JsonNode lightNode = x.get(j);
                    for (java.util.Iterator<String> f = lightNode.fieldNames(); f.hasNext(); ) {
                        String name = f.next();
                        assertEquals(y.get(j).get(name), lightNode.get(name), relation + " " + name);
                    }
                    assertTrue(lightNode.size() >= 6, lightNode.toString());
                    related++;
                }
            }
        }
        assertTrue(related > 20, "related nodes compared: " + related);
        // and the heavy selection did read the joined state
        assertTrue(b.findValues("lastRunStatus").stream().anyMatch(v -> v.asText().equals("success")), b.toString());
    }

    /** A job's models read with only definitions and results answer the same as with their catalog columns. */
    @Test
    void jobModelsAnswerTheSameWhateverElseIsSelected() throws Exception {
        long job;
        try (Connection c = database("jade"); ResultSet r = c.createStatement().executeQuery(
                "SELECT job_id FROM discovery_run_results WHERE environment_id = 1 AND job_id IS NOT NULL LIMIT 1")) {
            assertTrue(r.next());
            job = r.getLong(1);
        }
        String fields = "uniqueId name database schema dependsOn status executionTime runGeneratedAt error skip";
        String q = "query ($j: BigInt!) { job(id: $j) { models { %s } } }";
        JsonNode light = graphql(1, String.format(q, fields), Map.of("j", job));
        JsonNode heavy = graphql(1, String.format(q, fields + " columns { name } meta"), Map.of("j", job));
        assertFalse(light.has("errors") || heavy.has("errors"), light + " " + heavy);
        JsonNode a = light.at("/data/job/models");
        JsonNode b = heavy.at("/data/job/models");
        assertEquals(13, a.size());
        for (int i = 0; i < a.size(); i++) {
            for (String f : fields.split(" ")) {
                assertEquals(b.get(i).get(f), a.get(i).get(f), f);
            }
        }
        assertTrue(b.findValues("columns").stream().anyMatch(c -> c.size() > 0), b.toString());
        assertTrue(a.findValues("status").stream().anyMatch(v -> v.asText().equals("success")), a.toString());
    }

    /** A model's catalog stats as catalog.json has them, and the row count and size picked out of them. */
    @Test
    void catalogStats() throws Exception {
        JsonNode body = graphql(1, """
                query ($u: [String!]) { environment(id: 1) { applied { models(first: 1, filter: {uniqueIds: $u}) {
                  edges { node { catalog { rowCountStat bytesStat stats { id value include } } } } } } } }""",
                Map.of("u", List.of(CUSTOMERS)));
        assertFalse(body.has("errors"), body.toString());
        JsonNode catalog = body.at("/data/environment/applied/models/edges/0/node/catalog");
        assertEquals(935, catalog.get("rowCountStat").asInt());
        assertEquals(48128, catalog.get("bytesStat").asInt());
        JsonNode rowCount = find(catalog.get("stats"), "id", "row_count");
        assertEquals(935, rowCount.get("value").asInt());
        assertTrue(rowCount.get("include").asBoolean());
    }

    /** Lineage answers each model's last run status, the same as the model's executionInfo. */
    @Test
    void lineageCarriesTheLastRunStatus() throws Exception {
        JsonNode body = graphql(1, """
                query { environment(id: 1) { applied {
                  lineage(filter: {types: [Model]}) { uniqueId ... on ModelLineageNode { lastRunStatus } }
                  models(first: 500) { edges { node { uniqueId executionInfo { lastRunStatus } } } } } } }""",
                Map.of());
        assertFalse(body.has("errors"), body.toString());
        Map<String, String> fromModels = new java.util.TreeMap<>();
        body.at("/data/environment/applied/models/edges").forEach(e -> fromModels.put(e.at("/node/uniqueId").asText(),
                e.at("/node/executionInfo/lastRunStatus").asText()));
        Map<String, String> fromLineage = new java.util.TreeMap<>();
        body.at("/data/environment/applied/lineage").forEach(n -> fromLineage.put(n.get("uniqueId").asText(),
                n.get("lastRunStatus").asText()));
        assertEquals(13, fromLineage.size());
        assertEquals(fromModels, fromLineage);
        assertTrue(fromLineage.containsValue("success"), fromLineage.toString());
    }

    private static List<String> ids(JsonNode edges) {
        List<String> out = new ArrayList<>();
        edges.forEach(e -> out.add(e.at("/node/uniqueId").asText()));
        return out;
    }

    /** DataHub's dbt Cloud source query for models, as its template expands it. */
    @Test
    void dataHubJobQuery() throws Exception {
        JsonNode body = graphql(1, clientRequest("datahub/DatahubMetadataQuery_models.graphql"),
                java.util.Collections.singletonMap("jobId", jobId));
        assertFalse(body.has("errors"), body.toString());
        JsonNode models = body.at("/data/job/models");
        assertEquals(13, models.size());
        JsonNode customers = find(models, "uniqueId", CUSTOMERS);
        assertEquals(runId, customers.get("runId").asLong());
        assertEquals(jobId, customers.get("jobId").asLong());
        assertEquals(1, customers.get("environmentId").asLong());
        assertEquals("success", customers.get("status").asText());
        assertFalse(customers.get("skip").asBoolean());
        assertEquals("BASE TABLE", customers.get("type").asText());
        assertEquals("ACCOUNTADMIN", customers.get("owner").asText());
        assertEquals("1.9.4", customers.get("dbtVersion").asText());
        List<String> deps = new ArrayList<>();
        customers.get("dependsOn").forEach(d -> deps.add(d.asText()));
        assertTrue(deps.containsAll(List.of("model.jaffle_shop.stg_customers", "model.jaffle_shop.orders")), deps.toString());
        assertEquals("CUSTOMER_ID", customers.at("/columns/0/name").asText());
        assertTrue(customers.get("rawCode").asText().contains("ref("), customers.get("rawCode").asText());

        JsonNode withRun = graphql(1, "query ($j: BigInt!, $r: BigInt) { job(id: $j, runId: $r) { runId tests { uniqueId status columnName } } }",
                Map.of("j", jobId, "r", runId));
        assertFalse(withRun.has("errors"), withRun.toString());
        assertEquals(runId, withRun.at("/data/job/runId").asLong());
        assertEquals("success", find(withRun.at("/data/job/tests"), "uniqueId",
                "test.jaffle_shop.unique_customers_customer_id.c5af1ff4b1").get("status").asText());
    }

    @Test
    void anotherTenantsEnvironmentIsNotFound() throws Exception {
        for (long account : new long[]{2}) {
            JsonNode body = graphql(account, "{ environment(id: 1) { dbtProjectName } }", Map.of());
            assertEquals("environment not found", body.at("/errors/0/message").asText(), body.toString());
            assertTrue(body.get("data").isNull(), body.toString());
        }
        JsonNode missing = graphql(1, "{ environment(id: 999999) { dbtProjectName } }", Map.of());
        assertEquals("environment not found", missing.at("/errors/0/message").asText());
        JsonNode job = graphql(2, "query ($j: BigInt!) { job(id: $j) { runId } }", Map.of("j", jobId));
        assertEquals("job not found", job.at("/errors/0/message").asText(), job.toString());
    }

    @Test
    void limitsAndBadRequestsAreGraphqlErrors() throws Exception {
        StringBuilder deep = new StringBuilder("{ __schema { types { fields { type ");
        for (int i = 0; i < 14; i++) {
            deep.append("{ ofType ");
        }
        deep.append("{ name }").append(" }".repeat(14)).append(" } } } }");
        JsonNode tooDeep = graphql(1, deep.toString(), Map.of());
        assertTrue(tooDeep.at("/errors/0/message").asText().toLowerCase().contains("depth"), tooDeep.toString());
        assertFalse(tooDeep.has("data") && !tooDeep.get("data").isNull(), tooDeep.toString());

        // each alias is two fields: one field over the limit
        StringBuilder wide = new StringBuilder("{");
        for (int i = 0; i <= DiscoverySchema.MAX_COMPLEXITY / 2; i++) {
            wide.append(" e").append(i).append(": environment(id: 1) { dbtProjectName }");
        }
        JsonNode tooComplex = graphql(1, wide.append(" }").toString(), Map.of());
        String shown = tooComplex.toString().substring(0, Math.min(300, tooComplex.toString().length()));
        assertTrue(tooComplex.at("/errors/0/message").asText().toLowerCase().contains("complexity"), shown);
        assertFalse(tooComplex.has("data") && !tooComplex.get("data").isNull(), shown);

        JsonNode tooMany = graphql(1, "{ environment(id: 1) { applied { models(first: 501) { totalCount } } } }", Map.of());
        assertEquals("first must be between 1 and 500", tooMany.at("/errors/0/message").asText(), tooMany.toString());

        JsonNode unknown = graphql(1, "{ environment(id: 1) { nope } }", Map.of());
        assertTrue(unknown.at("/errors/0/message").asText().contains("nope"), unknown.toString());

        JsonNode syntax = graphql(1, "{ environment(id: 1) { ", Map.of());
        assertTrue(syntax.has("errors"), syntax.toString());

        JsonNode introspection = graphql(1, "{ __type(name: \"ModelAppliedStateNode\") { name fields { name } } }", Map.of());
        assertEquals("ModelAppliedStateNode", introspection.at("/data/__type/name").asText());

        HttpResponse<byte[]> notJson = call(HttpRequest.POST("/graphql/", "query {")
                .contentType(MediaType.APPLICATION_JSON_TYPE), 1);
        assertEquals(400, notJson.code());

        HttpResponse<byte[]> anonymous;
        try {
            anonymous = http.toBlocking().exchange(HttpRequest.POST("/graphql", "{\"query\":\"{ __typename }\"}")
                    .contentType(MediaType.APPLICATION_JSON_TYPE), byte[].class);
        } catch (HttpClientResponseException e) {
            anonymous = null;
            assertEquals(401, e.getStatus().getCode());
        }
        assertEquals(null, anonymous);
    }

    static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode n : array) {
            n = n.has("node") ? n.get("node") : n;
            if (value.equals(n.path(field).asText())) {
                return n;
            }
        }
        throw new AssertionError(value + " not in " + array);
    }
}
