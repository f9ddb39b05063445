package com.datacoves.jade.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code applied.modelHistoricalRuns}: a second, later run's results (customers failed) are uploaded beside the base
 * class's build, and the model's history answers both runs newest first, each with its own dbt Cloud run and job and
 * its own status, as Dagster's dbt Cloud integration asks for it ({@code GetRunsQuery}, verbatim). The later run
 * also uploads a sources.json, whose check becomes the source's freshness.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelHistoryTest extends DiscoveryTestBase {

    private String laterAirflowRunId;
    private long laterRunId;
    private long laterJobId;

    @BeforeAll
    void uploadALaterFailedRun() throws Exception {
        String[] run = otherSuccessfulRuns(null, 1).get(0);
        laterAirflowRunId = run[1];
        long[] ids = indexedRun(run[0], laterAirflowRunId);
        laterRunId = ids[0];
        laterJobId = ids[1];
        ObjectNode later = buildResults("2099-01-01T00:00:00.000000Z");
        for (JsonNode result : later.get("results")) {
            if (result.get("unique_id").asText().equals(CUSTOMERS)) {
                ((ObjectNode) result).put("status", "error").put("message", "relation does not exist");
            }
        }
        upload(laterAirflowRunId + "-run_results", "run_results.json", JSON.writeValueAsBytes(later));
        String sources = """
                {"metadata": {"generated_at": "2099-01-01T00:00:00Z"}, "results": [{
                  "unique_id": "source.jaffle_shop.ecom.raw_customers", "status": "warn",
                  "max_loaded_at": "2098-12-31T22:00:00Z", "snapshotted_at": "2099-01-01T00:00:00Z",
                  "max_loaded_at_time_ago_in_s": 7200.0,
                  "criteria": {"warn_after": {"count": 1, "period": "hour"}, "error_after": {"count": null}}}]}""";
        upload(laterAirflowRunId + "-sources", "sources.json", sources.getBytes(StandardCharsets.UTF_8));
        awaitExtractions(6);
    }

    @Test
    void dagsterAsksForTheLatestRun() throws Exception {
        String query;
        try (InputStream in = getClass().getResourceAsStream("/discovery/clients/dagster/GetRunsQuery.graphql")) {
            assertNotNull(in);
            query = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        JsonNode body = graphql(1, query, Map.of("environmentId", 1, "uniqueId", CUSTOMERS));
        assertFalse(body.has("errors"), body.toString());
        JsonNode runs = body.at("/data/environment/applied/modelHistoricalRuns");
        assertEquals(1, runs.size(), "lastRunCount defaults to 1");
        assertEquals(laterRunId, runs.at("/0/runId").asLong());
        assertEquals(laterJobId, runs.at("/0/jobId").asLong());
        assertEquals("customers", runs.at("/0/name").asText());
        assertEquals("error", runs.at("/0/runResults/0/status").asText());
    }

    /** A later run's sources.json sets the source's freshness, with that run's ids. */
    @Test
    void freshnessFromSourcesJson() throws Exception {
        JsonNode body = graphql(1, """
                query { environment(id: 1) { applied { sources(first: 10, filter: {uniqueIds:
                  ["source.jaffle_shop.ecom.raw_customers"]}) { edges { node { uniqueId freshness {
                    freshnessStatus maxLoadedAt maxLoadedAtTimeAgoInS snapshottedAt } } } } } } }""", Map.of());
        assertFalse(body.has("errors"), body.toString());
        JsonNode freshness = body.at("/data/environment/applied/sources/edges/0/node/freshness");
        assertEquals("Warn", freshness.get("freshnessStatus").asText(), freshness.toString());
        assertTrue(freshness.get("maxLoadedAt").asText().startsWith("2098-12-31T22:00:00"), freshness.toString());
        assertEquals(7200.0, freshness.get("maxLoadedAtTimeAgoInS").asDouble());
        assertTrue(freshness.get("snapshottedAt").asText().startsWith("2099-01-01T00:00:00"), freshness.toString());
    }

    /**
     * dbt's older root fields answer exactly as the queries they stand for: {@code models(jobId:, runId:)} and the
     * others as {@code job(id:, runId:)}, {@code modelByEnvironment} as {@code modelHistoricalRuns}.
     */
    @Test
    void theOlderRootFieldsAnswerAsJobAndHistory() throws Exception {
        String fields = "uniqueId status error executionTime runId jobId";
        for (Long run : new Long[]{laterRunId, null}) {
            Map<String, Object> variables = new java.util.HashMap<>();
            variables.put("j", laterJobId);
            variables.put("r", run);
            JsonNode root = graphql(1, ("query ($j: Int!, $r: Int) { models(jobId: $j, runId: $r) { %1$s }"
                    + " model(jobId: $j, runId: $r, uniqueId: \"%2$s\") { %1$s }"
                    + " sources(jobId: $j, runId: $r) { uniqueId } tests(jobId: $j, runId: $r) { uniqueId status }"
                    + " seeds(jobId: $j, runId: $r) { uniqueId } }").formatted(fields, CUSTOMERS), variables);
            JsonNode job = graphql(1, ("query ($j: BigInt!, $r: BigInt) { job(id: $j, runId: $r) { models { %1$s }"
                    + " model(uniqueId: \"%2$s\") { %1$s } sources { uniqueId } tests { uniqueId status }"
                    + " seeds { uniqueId } } }").formatted(fields, CUSTOMERS), variables);
            assertTrue(root.path("errors").isMissingNode(), root.toString());
            assertTrue(root.at("/data/models").size() > 10);
            for (String field : List.of("models", "model", "sources", "tests", "seeds")) {
                assertEquals(job.at("/data/job/" + field), root.at("/data/" + field), field);
            }
            assertEquals("error", root.at("/data/model/status").asText(), "the later run, chosen or newest");
        }
        JsonNode byEnvironment = graphql(1, "{ modelByEnvironment(environmentId: 1, uniqueId: \"" + CUSTOMERS
                + "\", lastRunCount: 5) { runId status } }", Map.of()).at("/data/modelByEnvironment");
        JsonNode history = graphql(1, "{ environment(id: 1) { applied { modelHistoricalRuns(uniqueId: \"" + CUSTOMERS
                + "\", lastRunCount: 5) { runId status } } } }", Map.of())
                .at("/data/environment/applied/modelHistoricalRuns");
        assertEquals(2, history.size());
        assertEquals(history, byEnvironment);
        assertEquals("job not found", graphql(1, "{ models(jobId: 987654) { uniqueId } }", Map.of())
                .at("/errors/0/message").asText());
    }

    @Test
    void historyIsNewestFirstWithEachRunsOwnResult() throws Exception {
        String q = """
                query ($u: String, $i: String, $n: Int) { environment(id: 1) { applied {
                  modelHistoricalRuns(uniqueId: $u, identifier: $i, lastRunCount: $n) {
                    uniqueId runId jobId status error executionTime } } } }""";
        JsonNode runs = graphql(1, q, Map.of("u", CUSTOMERS, "n", 10)).at("/data/environment/applied/modelHistoricalRuns");
        assertEquals(2, runs.size(), runs.toString());
        assertEquals(laterRunId, runs.at("/0/runId").asLong());
        assertEquals("error", runs.at("/0/status").asText());
        assertEquals("relation does not exist", runs.at("/0/error").asText());
        assertEquals(runId, runs.at("/1/runId").asLong());
        assertEquals(jobId, runs.at("/1/jobId").asLong());
        assertEquals("success", runs.at("/1/status").asText());
        assertNotEquals(runs.at("/0/runId"), runs.at("/1/runId"));

        JsonNode byIdentifier = graphql(1, q, Map.of("i", "customers", "n", 10))
                .at("/data/environment/applied/modelHistoricalRuns");
        assertEquals(runs, byIdentifier);

        JsonNode unknown = graphql(1, q, Map.of("u", "model.jaffle_shop.nope", "n", 10))
                .at("/data/environment/applied/modelHistoricalRuns");
        assertEquals(0, unknown.size());
        JsonNode tooMany = graphql(1, q, Map.of("u", CUSTOMERS, "n", 101));
        assertEquals("lastRunCount must be between 1 and 100", tooMany.at("/errors/0/message").asText(),
                tooMany.toString());
    }
}
