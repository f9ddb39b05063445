package com.datacoves.jade.artifacts;

import com.datacoves.jade.manifests.Artifacts;
import com.datacoves.jade.demo.ManifestGenerator;
import com.datacoves.jade.support.ApiTest;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.multipart.MultipartBody;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * dbt Cloud artifact routes end to end: upload as Datacoves' Airflow tasks do (manifest through the Datacoves API,
 * run_results as an environment file tagged {@code <run_id>-run_results}), then read as a dbt Cloud client.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArtifactRoutesTest extends ApiTest {

    /** A successful run of account 1 in dev123: [run id, job id, dag_id, run_id]. */
    private Map<String, Object> successfulRun() {
        List<Map<String, Object>> runs = data(get("/api/v2/accounts/1/runs/?status=10&environment_id=1&order_by=-id&limit=1"));
        return runs.get(0);
    }

    private HttpResponse<byte[]> send(MutableHttpRequest<?> request) {
        request.header("Authorization", "Bearer " + keyFor(1));
        return exchange(request);
    }

    private void uploadManifest(Map<String, Object> run, byte[] manifest) {
        MultipartBody body = MultipartBody.builder().addPart("environment_slug", "dev123")
                .addPart("dag_id", (String) run.get("dag_id")).addPart("run_id", (String) run.get("dag_run_run_id"))
                .addPart("file", "manifest.json", MediaType.APPLICATION_JSON_TYPE, manifest).build();
        assertEquals(201, send(HttpRequest.POST("/api/internal/manifests", body)
                .contentType(MediaType.MULTIPART_FORM_DATA_TYPE)).code());
    }

    private void uploadRunResults(Map<String, Object> run, byte[] bytes) {
        MultipartBody body = MultipartBody.builder()
                .addPart("files[0][tag]", run.get("dag_run_run_id") + "-run_results")
                .addPart("files[0][file]", "run_results.json", MediaType.APPLICATION_JSON_TYPE, bytes).build();
        assertEquals(201, send(HttpRequest.POST("/api/internal/environments/dev123/files", body)
                .contentType(MediaType.MULTIPART_FORM_DATA_TYPE)).code());
    }

    @Test
    void manifestOfARunIsServedRawWithETag() throws Exception {
        Map<String, Object> run = successfulRun();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ManifestGenerator(7).write(20, out);
        byte[] manifest = out.toByteArray();
        uploadManifest(run, manifest);

        String base = "/api/v2/accounts/1/runs/" + run.get("id") + "/artifacts/";
        assertTrue(data(get(base)).contains("manifest.json"));
        HttpResponse<byte[]> r = send(HttpRequest.GET(base + "manifest.json?step=1"));
        assertEquals(200, r.code());
        assertArrayEquals(manifest, r.body());
        assertEquals(MediaType.APPLICATION_JSON, r.getContentType().orElseThrow().toString());
        assertEquals(manifest.length, r.getContentLength());
        String etag = r.header("ETag");
        assertTrue(etag != null && etag.length() == 66, String.valueOf(etag));
        assertEquals(304, send(HttpRequest.GET(base + "manifest.json").header("If-None-Match", etag)).code());

        HttpResponse<byte[]> viaJob = send(HttpRequest.GET("/api/v2/accounts/1/jobs/" + run.get("job_definition_id")
                + "/artifacts/manifest.json"));
        assertArrayEquals(manifest, viaJob.body());
    }

    @Test
    void realRunResultsUploadedAsEnvironmentFileIsTheRunsArtifact() throws Exception {
        byte[] runResults = Files.readAllBytes(Artifacts.named("__run_results.json"));
        Map<String, Object> run = successfulRun();
        uploadRunResults(run, runResults);
        String base = "/api/v2/accounts/1/runs/" + run.get("id") + "/artifacts/";
        assertTrue(data(get(base)).contains("run_results.json"));
        HttpResponse<byte[]> r = send(HttpRequest.GET(base + "run_results.json"));
        assertEquals(200, r.code());
        assertArrayEquals(runResults, r.body());
        HttpResponse<byte[]> viaJob = send(HttpRequest.GET("/api/v2/accounts/1/jobs/" + run.get("job_definition_id")
                + "/artifacts/run_results.json"));
        assertArrayEquals(runResults, viaJob.body());
    }

    @Test
    void missingArtifactsRunsAndOtherTenantsAre404() {
        Map<String, Object> run = successfulRun();
        String base = "/api/v2/accounts/1/runs/" + run.get("id") + "/artifacts/";
        error(404, base + "catalog.json");
        error(404, base + "target/nested/../x.json");
        error(404, "/api/v2/accounts/1/runs/999999/artifacts/manifest.json");
        error(404, "/api/v2/accounts/1/jobs/999999/artifacts/manifest.json");
        List<Map<String, Object>> globex = data(getAs(2, "/api/v2/accounts/2/runs/?limit=1"));
        error(404, "/api/v2/accounts/1/runs/" + globex.get(0).get("id") + "/artifacts/");
    }

    /**
     * {@code artifacts_saved}, {@code has_docs_generated}, {@code has_sources_generated} of a run and
     * {@code generate_docs} of its job follow what Jade holds (docs/runs.md, "Artifacts of a run").
     */
    @Test
    void artifactFlagsFollowWhatIsStored() {
        Map<String, Object> run = data(get("/api/v2/accounts/1/runs/?environment_id=1&status=20&order_by=-id&limit=1"))
                .get(0);
        String single = "/api/v2/accounts/1/runs/" + run.get("id") + "/";
        String job = "/api/v2/accounts/1/jobs/" + run.get("job_definition_id") + "/";
        Map<String, Object> before = object(get(single));
        assertEquals(List.of(false, false, false), List.of(before.get("artifacts_saved"),
                before.get("has_docs_generated"), before.get("has_sources_generated")));
        assertEquals(false, object(get(job)).get("generate_docs"));

        MultipartBody body = MultipartBody.builder()
                .addPart("files[0][tag]", run.get("dag_run_run_id") + "-catalog")
                .addPart("files[0][file]", "catalog.json", MediaType.APPLICATION_JSON_TYPE, "{}".getBytes())
                .addPart("files[1][tag]", run.get("dag_run_run_id") + "-sources")
                .addPart("files[1][file]", "sources.json", MediaType.APPLICATION_JSON_TYPE, "{}".getBytes()).build();
        assertEquals(201, send(HttpRequest.POST("/api/internal/environments/dev123/files", body)
                .contentType(MediaType.MULTIPART_FORM_DATA_TYPE)).code());

        Map<String, Object> after = object(get(single));
        assertEquals(List.of(true, true, true), List.of(after.get("artifacts_saved"),
                after.get("has_docs_generated"), after.get("has_sources_generated")));
        Map<String, Object> listed = data(get("/api/v2/accounts/1/runs/?pk=" + run.get("id"))).get(0);
        assertEquals(List.of(true, true, true), List.of(listed.get("artifacts_saved"),
                listed.get("has_docs_generated"), listed.get("has_sources_generated")));
        assertEquals(true, object(get(job)).get("generate_docs"));
        @SuppressWarnings("unchecked")
        Map<String, Object> nestedJob = (Map<String, Object>) object(get(single + "?include_related=job")).get("job");
        assertEquals(true, nestedJob.get("generate_docs"));
        // another run of the same job holds nothing
        Map<String, Object> other = data(get("/api/v2/accounts/1/runs/?job_definition_id=" + run.get("job_definition_id")
                + "&id__gt=0&order_by=id&limit=1")).get(0);
        assertEquals(false, other.get("has_docs_generated"));
    }
}
