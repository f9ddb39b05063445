package com.datacoves.jade.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Run-results retention (docs/discovery.md, "Run-results history") with 2 runs kept per DAG: the base class's build
 * and two later builds of the same DAG are stored; one pass deletes the oldest run's results only, the applied state
 * answers as before, and the model's history lists the two kept runs.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunResultsRetentionTest extends DiscoveryTestBase {

    private static final String EXECUTION = """
            query { environment(id: 1) { applied { models(first: 100) { edges { node { uniqueId executionInfo {
              lastRunStatus lastRunId lastSuccessRunId executionTime executeCompletedAt } } } } } } }""";

    @Inject
    RunResultsRetention retention;

    private final List<String> laterRuns = new ArrayList<>();
    private int results;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("jade.discovery.run-results.keep", "2", "jade.discovery.run-results.initial-delay", "1h");
    }

    @BeforeAll
    void uploadTwoLaterBuildsOfTheSameDag() throws Exception {
        otherSuccessfulRuns(dagId, 2).forEach(run -> laterRuns.add(run[1]));
        ObjectNode build = buildResults(null);
        results = build.get("results").size();
        int day = 1;
        for (String run : laterRuns) {
            indexedRun(dagId, run);
            ((ObjectNode) build.get("metadata")).put("generated_at", "2099-01-0" + day++ + "T00:00:00Z");
            upload(run + "-run_results", "run_results.json", JSON.writeValueAsBytes(build));
        }
        awaitExtractions(6);
    }

    @Test
    void onePassDeletesTheOldestRunsResultsOnly() throws Exception {
        assertEquals(Map.of(airflowRunId, results, laterRuns.get(0), results, laterRuns.get(1), results), stored());
        JsonNode before = graphql(1, EXECUTION, Map.of());

        assertEquals(1, retention.runOnce());
        assertEquals(Map.of(laterRuns.get(0), results, laterRuns.get(1), results), stored());
        assertEquals(0, retention.runOnce(), "nothing more beyond the newest 2");

        assertEquals(before, graphql(1, EXECUTION, Map.of()), "the applied state does not change");
        JsonNode history = graphql(1, """
                query { environment(id: 1) { applied { modelHistoricalRuns(uniqueId: "%s", lastRunCount: 10) {
                  runId } } } }""".formatted(CUSTOMERS), Map.of()).at("/data/environment/applied/modelHistoricalRuns");
        assertEquals(2, history.size(), history.toString());
        assertEquals(List.of(indexedRun(dagId, laterRuns.get(1))[0], indexedRun(dagId, laterRuns.get(0))[0]),
                List.of(history.get(0).path("runId").asLong(), history.get(1).path("runId").asLong()));
        assertTrue(results > 40, "jaffle_shop's results: " + results);
    }

    /** Rows per Airflow run in the run-results table. */
    private Map<String, Integer> stored() throws Exception {
        Map<String, Integer> out = new TreeMap<>();
        try (Connection c = database("jade"); ResultSet r = c.createStatement().executeQuery("""
                SELECT airflow_run_id, count(*) FROM discovery_run_results WHERE environment_id = 1
                GROUP BY airflow_run_id""")) {
            while (r.next()) {
                out.put(r.getString(1), r.getInt(2));
            }
        }
        return out;
    }
}
