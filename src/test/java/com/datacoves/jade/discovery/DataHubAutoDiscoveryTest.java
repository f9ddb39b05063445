package com.datacoves.jade.discovery;

import com.datacoves.jade.manifests.Artifacts;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DataHub's dbt Cloud source in auto-discovery mode, as its code runs it: the project's environments from the
 * Administrative API (the one with {@code deployment_type} {@code production}; any other value than
 * {@code production}, {@code staging} or null would stop it), that environment's jobs (only those with
 * {@code generate_docs} true are ingested), then its five {@code DatahubMetadataQuery_*} queries per job with no run
 * (the latest). A production run of prd456 uploads the real jaffle_shop manifest, run_results and catalog first.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DataHubAutoDiscoveryTest extends DiscoveryTestBase {

    private long productionJob;
    private JsonNode manifest;

    @BeforeAll
    void uploadAProductionRun() throws Exception {
        byte[] bytes = Files.readAllBytes(Artifacts.named("jaffle_shop__manifest.json"));
        manifest = JSON.readTree(bytes);
        String airflowRun = uploadManifestTo("prd456", PRD456, bytes);
        ObjectNode build = buildResults(null);
        uploadTo("prd456", airflowRun + "-run_results", "run_results.json", JSON.writeValueAsBytes(build));
        uploadTo("prd456", airflowRun + "-catalog", "catalog.json",
                Files.readAllBytes(Artifacts.named("jaffle_shop__catalog.json")));
        poll(() -> {
            try (Connection c = database("jade"); ResultSet r = c.createStatement().executeQuery(
                    "SELECT count(*) FROM discovery_extractions WHERE environment_id = " + PRD456)) {
                r.next();
                return r.getInt(1) >= 3 ? true : null;
            }
        });
        productionJob = indexedJob(PRD456, airflowRun);
    }

    @Test
    void autoDiscoveryFindsTheProductionJobThatGeneratesDocsAndReadsItsNodes() throws Exception {
        long project = rest("/api/v2/accounts/1/environments/" + PRD456 + "/").at("/data/project_id").asLong();

        JsonNode environments = rest("/api/v2/accounts/1/environments/?project_id=" + project).path("data");
        Long production = null;
        for (JsonNode e : environments) {
            JsonNode type = e.path("deployment_type");
            assertTrue(type.isNull() || Set.of("production", "staging").contains(type.asText()),
                    "DataHub refuses any other deployment_type: " + e);
            if ("production".equals(type.asText(null)) && production == null) {
                production = e.path("id").asLong();
            }
        }
        assertEquals(PRD456, production, "the project's production environment, the first DataHub finds");

        JsonNode jobs = rest("/api/v2/accounts/1/jobs/?project_id=" + project + "&environment_id=" + production)
                .path("data");
        List<Long> ingested = new ArrayList<>();
        for (JsonNode job : jobs) {
            assertTrue(job.path("generate_docs").isBoolean(), job.toString());
            if (job.path("generate_docs").asBoolean()) {
                ingested.add(job.path("id").asLong());
            }
        }
        assertEquals(List.of(productionJob), ingested, "the job whose run stored a catalog, and only it");

        for (String type : List.of("models", "seeds", "sources", "snapshots", "tests")) {
            Map<String, Object> variables = new HashMap<>();
            variables.put("jobId", productionJob);
            variables.put("runId", null);
            JsonNode nodes = ok(postGraphql("/graphql", JSON.writeValueAsString(Map.of(
                    "query", clientRequest("datahub/DatahubMetadataQuery_" + type + ".graphql"),
                    "variables", variables)))).path("job").path(type);
            Set<String> answered = new TreeSet<>();
            nodes.forEach(n -> answered.add(n.path("uniqueId").asText()));
            assertEquals(defined(type), answered, type);
            for (JsonNode n : nodes) {
                assertTrue(n.path("meta").isObject() && n.path("tags").isArray(), "DataHub reads meta.owner: " + n);
                assertEquals(productionJob, n.path("jobId").asLong(), n.toString());
            }
        }
    }

    /** The manifest's unique ids of one DataHub node type. */
    private Set<String> defined(String type) {
        String resourceType = type.substring(0, type.length() - 1);
        Set<String> out = new TreeSet<>();
        manifest.path(type.equals("sources") ? "sources" : "nodes").forEach(n -> {
            if (n.path("resource_type").asText().equals(resourceType)) {
                out.add(n.path("unique_id").asText());
            }
        });
        return out;
    }

    private JsonNode rest(String path) throws Exception {
        HttpResponse<byte[]> r = call(HttpRequest.GET(path), 1);
        assertEquals(200, r.code(), path);
        return JSON.readTree(r.body());
    }
}
