package com.datacoves.jade.discovery;

import com.datacoves.jade.manifests.Artifacts;
import com.datacoves.jade.support.JadeTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.multipart.MultipartBody;
import org.junit.jupiter.api.BeforeAll;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Base of the Discovery API tests: before the class, the real jaffle_shop artifacts are uploaded the way Airflow's
 * tasks do (the manifest linked to a successful DAG run of dev123, run_results and catalog as environment files tagged
 * {@code <run_id>-<stem>}, plus a {@code dbt docs generate} run_results that must not count), and the test waits for
 * their extraction. Helpers send GraphQL through real HTTP with a real key.
 */
abstract class DiscoveryTestBase extends JadeTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String CUSTOMERS = "model.jaffle_shop.customers";
    /** The demo's production environment prd456 (dbt Cloud environment id). */
    static final long PRD456 = 2;

    String dagId;
    String airflowRunId;
    long runId;
    long jobId;

    @BeforeAll
    void uploadArtifacts() throws Exception {
        try (Connection c = database("airflow_dev123"); ResultSet r = c.createStatement().executeQuery("""
                SELECT min(dag_id), run_id FROM dag_run WHERE state = 'success' GROUP BY run_id HAVING count(*) = 1
                ORDER BY run_id LIMIT 1""")) {
            assertTrue(r.next(), "a successful DAG run with a unique run_id");
            dagId = r.getString(1);
            airflowRunId = r.getString(2);
        }
        long[] ids = indexedRun(dagId, airflowRunId);
        runId = ids[0];
        jobId = ids[1];

        byte[] manifest = Files.readAllBytes(Artifacts.named("jaffle_shop__manifest.json"));
        byte[] catalog = Files.readAllBytes(Artifacts.named("jaffle_shop__catalog.json"));
        byte[] docsResults = Files.readAllBytes(Artifacts.named("jaffle_shop__run_results.json"));
        ObjectNode build = buildResults(null);

        MultipartBody m = MultipartBody.builder().addPart("environment_slug", "dev123").addPart("dag_id", dagId)
                .addPart("run_id", airflowRunId)
                .addPart("file", "manifest.json", MediaType.APPLICATION_JSON_TYPE, manifest).build();
        assertEquals(201, call(HttpRequest.POST("/api/internal/manifests", m)
                .contentType(MediaType.MULTIPART_FORM_DATA_TYPE), 1).code());
        upload("manual__docs-run_results", "run_results.json", docsResults);
        upload(airflowRunId + "-run_results", "run_results.json", JSON.writeValueAsBytes(build));
        upload(airflowRunId + "-catalog", "catalog.json", catalog);
        awaitExtractions(4);
    }

    /**
     * jaffle_shop's real run_results as a {@code dbt build} wrote them (the real file comes from
     * {@code dbt docs generate}, which counts as no execution).
     *
     * @param generatedAt its {@code metadata.generated_at}, or null to keep the file's
     */
    static ObjectNode buildResults(String generatedAt) throws java.io.IOException {
        ObjectNode build = (ObjectNode) JSON.readTree(
                Files.readAllBytes(Artifacts.named("jaffle_shop__run_results.json")));
        ((ObjectNode) build.get("args")).put("which", "build");
        if (generatedAt != null) {
            ((ObjectNode) build.get("metadata")).put("generated_at", generatedAt);
        }
        return build;
    }

    /**
     * Uploads a manifest for a successful DAG run of another demo environment (as Airflow's task does) and waits
     * until it is that environment's current node set.
     *
     * @return the DAG run's Airflow {@code run_id}
     */
    String uploadManifestTo(String slug, long environmentId, byte[] manifest) throws Exception {
        String dag;
        String airflowRun;
        try (Connection c = database("airflow_" + slug); ResultSet r = c.createStatement().executeQuery("""
                SELECT min(dag_id), run_id FROM dag_run WHERE state = 'success' GROUP BY run_id HAVING count(*) = 1
                ORDER BY run_id LIMIT 1""")) {
            assertTrue(r.next());
            dag = r.getString(1);
            airflowRun = r.getString(2);
        }
        MultipartBody m = MultipartBody.builder().addPart("environment_slug", slug).addPart("dag_id", dag)
                .addPart("run_id", airflowRun)
                .addPart("file", "manifest.json", MediaType.APPLICATION_JSON_TYPE, manifest).build();
        assertEquals(201, call(HttpRequest.POST("/api/internal/manifests", m)
                .contentType(MediaType.MULTIPART_FORM_DATA_TYPE), 1).code());
        poll(() -> {
            try (Connection c = database("jade"); ResultSet r = c.createStatement().executeQuery(
                    "SELECT count(*) FROM discovery_nodes n JOIN discovery_manifests s ON s.id = n.manifest_id "
                            + "WHERE s.environment_id = " + environmentId + " AND s.is_current")) {
                r.next();
                return r.getInt(1) > 0 ? true : null;
            }
        });
        return airflowRun;
    }

    /**
     * Successful DAG runs of dev123 other than the base class's, each with an Airflow {@code run_id} no other DAG
     * run shares, in {@code run_id} order: {@code [dag_id, run_id]} each.
     *
     * @param dag only runs of this DAG, or null for any
     */
    List<String[]> otherSuccessfulRuns(String dag, int count) throws SQLException {
        List<String[]> out = new ArrayList<>();
        try (Connection c = database("airflow_dev123"); PreparedStatement s = c.prepareStatement("""
                SELECT dag_id, run_id FROM dag_run WHERE state = 'success' AND run_id <> ?
                AND (CAST(? AS text) IS NULL OR dag_id = ?)
                AND run_id IN (SELECT run_id FROM dag_run GROUP BY run_id HAVING count(*) = 1)
                ORDER BY run_id LIMIT ?""")) {
            s.setString(1, airflowRunId);
            s.setString(2, dag);
            s.setString(3, dag);
            s.setInt(4, count);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new String[]{r.getString(1), r.getString(2)});
                }
            }
        }
        assertEquals(count, out.size(), "successful DAG runs of dev123 with a run_id of their own");
        return out;
    }

    /** Waits until environment dev123 has recorded {@code count} extraction attempts (done, skipped or failed). */
    void awaitExtractions(int count) throws Exception {
        poll(() -> {
            try (Connection c = database("jade"); ResultSet r = c.createStatement().executeQuery(
                    "SELECT count(*) FROM discovery_extractions WHERE environment_id = 1")) {
                r.next();
                return r.getInt(1) >= count ? true : null;
            }
        });
    }

    /** {@code [dbt Cloud run id, job id]} of a DAG run of environment dev123, once the run index has it. */
    long[] indexedRun(String dag, String airflowRun) throws Exception {
        return poll(() -> {
            try (Connection c = database("jade"); PreparedStatement s = c.prepareStatement(
                    "SELECT id, job_id FROM run_index WHERE environment_id = 1 AND dag_id = ? AND run_id = ?")) {
                s.setString(1, dag);
                s.setString(2, airflowRun);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? new long[]{r.getLong(1), r.getLong(2)} : null;
                }
            }
        });
    }

    /** The dbt Cloud job id of an environment's DAG run (by Airflow {@code run_id}), once the run index has it. */
    long indexedJob(long environmentId, String airflowRun) throws Exception {
        return poll(() -> {
            try (Connection c = database("jade"); PreparedStatement s = c.prepareStatement(
                    "SELECT job_id FROM run_index WHERE environment_id = ? AND run_id = ?")) {
                s.setLong(1, environmentId);
                s.setString(2, airflowRun);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? r.getLong(1) : null;
                }
            }
        });
    }

    void upload(String tag, String filename, byte[] bytes) {
        uploadTo("dev123", tag, filename, bytes);
    }

    /** Uploads an environment file with a tag, as Airflow's tasks do after a run. */
    void uploadTo(String slug, String tag, String filename, byte[] bytes) {
        MultipartBody b = MultipartBody.builder().addPart("tag", tag)
                .addPart("file", filename, MediaType.APPLICATION_JSON_TYPE, bytes).build();
        assertEquals(201, call(HttpRequest.POST("/api/v2/datacoves/environments/" + slug + "/files", b)
                .contentType(MediaType.MULTIPART_FORM_DATA_TYPE), 1).code(), tag);
    }

    HttpResponse<byte[]> call(MutableHttpRequest<?> request, long account) {
        request.header("Authorization", "Bearer " + keyFor(account));
        return exchange(request);
    }

    JsonNode graphql(long account, String query, Map<String, Object> variables) throws Exception {
        HttpResponse<byte[]> r = call(HttpRequest.POST("/graphql", JSON.writeValueAsString(
                Map.of("query", query, "variables", variables))).contentType(MediaType.APPLICATION_JSON_TYPE), account);
        assertEquals(200, r.code(), r.getBody(String.class).orElse(""));
        return JSON.readTree(r.body());
    }

    /** A client's request file under src/test/resources/discovery/clients/ (see its README), as text. */
    String clientRequest(String name) throws Exception {
        try (java.io.InputStream in = getClass().getResourceAsStream("/discovery/clients/" + name)) {
            assertNotNull(in, name);
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** POSTs a GraphQL body as account 1 to {@code path}; checks HTTP 200 and returns the whole answer. */
    JsonNode postGraphql(String path, String body) throws Exception {
        HttpResponse<byte[]> r = call(HttpRequest.POST(path, body).contentType(MediaType.APPLICATION_JSON_TYPE), 1);
        assertEquals(200, r.code(), path);
        return JSON.readTree(r.body());
    }

    /** The answer's {@code data}, after checking that it has no errors (the clients replayed fail on any). */
    static JsonNode ok(JsonNode answer) {
        assertTrue(answer.path("errors").isMissingNode() || answer.path("errors").isEmpty(), answer.toString());
        assertNotNull(answer.get("data"));
        return answer.path("data");
    }

    /** The texts of a JSON array, in order. */
    static java.util.List<String> strings(JsonNode array) {
        java.util.List<String> out = new java.util.ArrayList<>();
        array.forEach(e -> out.add(e.asText()));
        return out;
    }

    /** The {@code uniqueId} of each node of a JSON array, in order. */
    static java.util.List<String> uniqueIds(JsonNode nodes) {
        java.util.List<String> out = new java.util.ArrayList<>();
        nodes.forEach(n -> out.add(n.path("uniqueId").asText()));
        return out;
    }

    interface Probe<T> {
        T get() throws Exception;
    }

    static <T> T poll(Probe<T> probe) throws Exception {
        long end = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < end) {
            T v = probe.get();
            if (v != null) {
                return v;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out");
    }

}
