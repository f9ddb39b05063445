package com.datacoves.jade.manifests;

import com.datacoves.jade.demo.ManifestGenerator;
import com.datacoves.jade.datacoves.EnvironmentRepository;
import com.datacoves.jade.datacoves.EnvironmentRow;
import com.datacoves.jade.storage.LocalFolderStorage;
import com.datacoves.jade.storage.ObjectStorage;
import com.datacoves.jade.storage.StorageKey;
import com.datacoves.jade.support.JadeTest;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.multipart.MultipartBody;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Manifest routes through real HTTP, with the request shapes of dbt-coves and Datacoves' Airflow operator. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManifestRoutesTest extends JadeTest {

    @Inject
    ObjectStorage storage;
    @Inject
    ManifestRepository manifests;
    @Inject
    EnvironmentRepository environments;
    @Inject
    EmbeddedServer server;

    HttpResponse<byte[]> call(MutableHttpRequest<?> request, long account) {
        request.header("Authorization", "Bearer " + keyFor(account));
        return exchange(request);
    }

    HttpResponse<byte[]> upload(String env, byte[] file, String... fields) {
        MultipartBody.Builder b = MultipartBody.builder().addPart("environment_slug", env);
        for (int i = 0; i < fields.length; i += 2) {
            b.addPart(fields[i], fields[i + 1]);
        }
        b.addPart("file", "file", MediaType.APPLICATION_OCTET_STREAM_TYPE, file);
        return call(HttpRequest.POST("/api/internal/manifests", b.build())
                .contentType(MediaType.MULTIPART_FORM_DATA_TYPE), 1);
    }

    EnvironmentRow env(String slug) {
        return environments.findBySlug(slug).orElseThrow();
    }

    String[] successfulRun(String slug) throws Exception {
        try (Connection c = database("airflow_" + slug);
             ResultSet r = c.createStatement().executeQuery(
                     "SELECT dag_id, run_id FROM dag_run WHERE state = 'success' ORDER BY id LIMIT 1")) {
            assertTrue(r.next(), "the demo Airflow DB has a successful DAG run");
            return new String[]{r.getString(1), r.getString(2)};
        }
    }

    int runsWithRunId(String slug, String runId) throws Exception {
        try (Connection c = database("airflow_" + slug);
             var s = c.prepareStatement("SELECT count(*) FROM dag_run WHERE run_id = ?")) {
            s.setString(1, runId);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    @Test
    void realManifestsRoundTripWithDbtCovesAndOperatorShapes() throws Exception {
        String[] run = successfulRun("dev123");
        for (Path file : Artifacts.manifests()) {
            byte[] bytes = Files.readAllBytes(file);
            // dbt-coves: environment_slug, run_id, file
            HttpResponse<byte[]> r = upload("dev123", bytes, "run_id", "dbt-coves-" + file.getFileName());
            assertEquals(201, r.code(), file.toString() + new String(r.getBody(byte[].class).orElse(new byte[0])));
            assertEquals("\"ok\"", new String(r.body(), StandardCharsets.UTF_8));
            assertTrimmedAndFull("/api/internal/manifests?environment_slug=dev123", bytes);
            assertTrimmedAndFull("/api/v2/datacoves/projects/" + projectSlug() + "/latest-manifest", bytes);

            // Airflow operator: environment_slug, run_id, dag_id, file → linked, replaces the previous one
            r = upload("dev123", bytes, "run_id", run[1], "dag_id", run[0]);
            assertEquals(201, r.code(), file.toString());
            assertTrimmedAndFull("/api/v2/datacoves/manifests?environment_slug=dev123&dag_id=" + run[0], bytes);
            ManifestRow linked = manifests.findLinked(env("dev123").id(), run[0], run[1]).orElseThrow();
            assertEquals(1, manifests.findByDagRun(env("dev123").id(), linked.dagRunId()).size());
            assertEquals("accounts/1/environments/dev123/dags/" + StorageKey.sanitise(run[0]) + "/dag_runs/"
                    + StorageKey.sanitise(ManifestService.safeRunId(run[1])) + "/manifest.json", linked.storageKey());
            assertEquals(bytes.length, linked.sizeBytes());
        }
    }

    String projectSlug() {
        return projects.findById(env("dev123").projectId()).orElseThrow().slug();
    }

    @Inject
    com.datacoves.jade.datacoves.ProjectRepository projects;

    void assertTrimmedAndFull(String uri, byte[] bytes) throws Exception {
        HttpResponse<byte[]> trimmed = call(HttpRequest.GET(uri), 1);
        assertEquals(200, trimmed.code(), uri);
        assertEquals(MediaType.APPLICATION_JSON, trimmed.getContentType().orElseThrow().getName());
        assertEquals(ManifestStreamingTest.trimmedByHand(bytes), ManifestStreamingTest.tree(trimmed.body()), uri);
        HttpResponse<byte[]> full = call(HttpRequest.GET(uri + (uri.contains("?") ? "&" : "?") + "trimmed=false"), 1);
        assertEquals(200, full.code(), uri);
        assertArrayEquals(bytes, full.body(), uri);
    }

    String[] uniqueRun(String slug) throws Exception {
        try (Connection c = database("airflow_" + slug);
             ResultSet r = c.createStatement().executeQuery("SELECT min(dag_id), run_id FROM dag_run GROUP BY run_id"
                     + " HAVING count(*) = 1 ORDER BY run_id LIMIT 1")) {
            assertTrue(r.next(), "the demo Airflow DB has a run_id used by one DAG only");
            return new String[]{r.getString(1), r.getString(2)};
        }
    }

    @Test
    void runIdAloneLinksOnlyWhenUnique() throws Exception {
        String[] run = uniqueRun("prd456");
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        new ManifestGenerator(5).write(10, m);
        assertEquals(201, upload("prd456", m.toByteArray(), "run_id", run[1], "tag", "by-run-id").code());
        ManifestRow row = manifests.findByTag("prd456", "by-run-id").orElseThrow();
        assertEquals(run[0], row.dagId());
        assertNotNull(row.dagRunId());
        assertEquals(row, manifests.findLinked(env("prd456").id(), run[0], run[1]).orElseThrow());

        assertEquals(201, upload("prd456", m.toByteArray(), "run_id", "manual__1999-01-01T00:00:00+00:00",
                "tag", "unlinked").code());
        ManifestRow unlinked = manifests.findByTag("prd456", "unlinked").orElseThrow();
        assertNull(unlinked.dagRunId());
        assertNull(unlinked.dagId());
        assertEquals("manual__1999-01-01T00:00:00+00:00", unlinked.runId());
        assertEquals("accounts/1/environments/prd456/manifests/" + unlinked.slug() + "/manifest.json",
                unlinked.storageKey());
        assertEquals(ManifestGenerator.nodeCount(10), row.nodeCount());
        assertEquals("jade_generated", row.projectName());
        HttpResponse<byte[]> byTag = call(HttpRequest.GET("/api/internal/manifests?environment_slug=prd456&tag=by-run-id&trimmed=false"), 1);
        assertArrayEquals(m.toByteArray(), byTag.body());
        assertEquals(422, upload("prd456", m.toByteArray(), "tag", "by-run-id").code());
        assertEquals(404, upload("prd456", m.toByteArray(), "run_id", "no-such-run", "dag_id", run[0]).code());
    }

    @Test
    void badUploadsLeaveNothing() throws Exception {
        List<String> bad = List.of("not json", "[1,2,3]", "{\"nodes\":{}}",
                "{\"metadata\":{\"dbt_schema_version\":\"https://schemas.getdbt.com/dbt/catalog/v1.json\"},\"nodes\":{}}",
                "", "{\"metadata\":{\"dbt_schema_version\":\"https://schemas.getdbt.com/dbt/manifest/v12.json\"},\"nodes\":");
        for (String body : bad) {
            HttpResponse<byte[]> r = upload("tst789", body.getBytes(StandardCharsets.UTF_8));
            assertEquals(422, r.code(), body);
            assertTrue(new String(r.getBody(byte[].class).orElseThrow(), StandardCharsets.UTF_8).startsWith("{\"errors\":{\"message\":"), body);
        }
        // refused deep inside a file larger than the validator's lag (InspectedStream.AHEAD_BYTES): the store
        // has already written part of it, and must not keep it
        ByteArrayOutputStream large = new ByteArrayOutputStream();
        new ManifestGenerator(8).writeAbout(3 * InspectedStream.AHEAD_BYTES, large);
        for (byte badByte : new byte[]{0x01, (byte) 0xFF}) {   // a control character (JSON), a byte UTF-8 never has
            byte[] broken = large.toByteArray();
            broken[broken.length * 2 / 3] = badByte;
            HttpResponse<byte[]> deep = upload("tst789", broken);
            assertEquals(422, deep.code());
            String body = new String(deep.getBody(byte[].class).orElseThrow(), StandardCharsets.UTF_8);
            assertTrue(body.startsWith(badByte == 0x01 ? "{\"errors\":{\"message\":\"file is not valid JSON"
                    : "{\"errors\":{\"message\":\"file is not valid UTF-8"), body);
        }
        HttpResponse<byte[]> noSlug = call(HttpRequest.POST("/api/internal/manifests", MultipartBody.builder()
                .addPart("file", "f", MediaType.APPLICATION_JSON_TYPE, "{}".getBytes()).build())
                .contentType(MediaType.MULTIPART_FORM_DATA_TYPE), 1);
        assertEquals(422, noSlug.code());
        assertEquals(403, upload("glx001", "{}".getBytes()).code());
        assertNothingIn("tst789");
        assertEquals(List.of(), manifests.findAllInEnvironment(env("glx001").id()));

        HttpResponse<byte[]> none = call(HttpRequest.GET("/api/v2/datacoves/manifests?environment_slug=tst789"), 1);
        assertEquals(404, none.code());
        assertEquals("{\"errors\":{\"message\":\"Not Found\"}}", new String(none.getBody(byte[].class).orElseThrow(), StandardCharsets.UTF_8));
        assertEquals(403, call(HttpRequest.GET("/api/v2/datacoves/manifests?environment_slug=glx001"), 1).code());
        String otherProject = projects.findByAccount(2).get(0).slug();
        assertEquals(403, call(HttpRequest.GET("/api/internal/projects/" + otherProject + "/latest-manifest"), 1).code());
        assertEquals(404, call(HttpRequest.GET("/api/internal/projects/" + otherProject + "/latest-manifest"), 2).code());
    }

    void assertNothingIn(String slug) {
        EnvironmentRow env = env(slug);
        assertEquals(List.of(), manifests.findAllInEnvironment(env.id()));
        assertEquals(List.of(), storage.list("accounts/" + env.accountId() + "/environments/" + slug + "/"));
        assertEquals(List.of(), RawMultipart.temporaryFiles(((LocalFolderStorage) storage).root()));
    }

    static byte[] generated(int seed, int models) {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        try {
            new ManifestGenerator(seed).write(models, m);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return m.toByteArray();
    }

    @Test
    void fileBeforeTheFieldsIsStoredToo() throws Exception {
        byte[] bytes = generated(21, 30);
        java.net.http.HttpResponse<String> r = new RawMultipart().file("file", "manifest.json", bytes)
                .field("environment_slug", "prd456").field("tag", "file-first")
                .post(server.getPort(), "/api/internal/manifests", tokenHeader(1));
        assertEquals(201, r.statusCode(), r.body());
        assertEquals("\"ok\"", r.body());
        ManifestRow row = manifests.findByTag("prd456", "file-first").orElseThrow();
        assertEquals(bytes.length, row.sizeBytes());
        assertEquals("accounts/1/environments/prd456/manifests/" + row.slug() + "/manifest.json", row.storageKey());
        assertArrayEquals(bytes, call(HttpRequest.GET(
                "/api/internal/manifests?environment_slug=prd456&tag=file-first&trimmed=false"), 1).body());
        assertEquals(List.of(), RawMultipart.temporaryFiles(((LocalFolderStorage) storage).root()));

        // the same order with a file that is not a manifest, or no environment at all: nothing is left
        r = new RawMultipart().file("file", "manifest.json", "{\"nodes\":{}}".getBytes(StandardCharsets.UTF_8))
                .field("environment_slug", "tst789").post(server.getPort(), "/api/internal/manifests", tokenHeader(1));
        assertEquals(422, r.statusCode(), r.body());
        assertTrue(r.body().startsWith("{\"errors\":{\"message\":\"file is not a dbt manifest"), r.body());
        r = new RawMultipart().file("file", "manifest.json", bytes).field("tag", "x")
                .post(server.getPort(), "/api/internal/manifests", tokenHeader(1));
        assertEquals(422, r.statusCode(), r.body());
        assertEquals("{\"errors\":{\"message\":\"environment_slug can't be blank\"}}", r.body());
        assertNothingIn("tst789");
    }

    @Test
    void linkFieldsAfterTheFileMoveItToTheDagRunsKey() throws Exception {
        String[] run = uniqueRun("dev123");
        byte[] bytes = generated(22, 20);
        EnvironmentRow dev = env("dev123");
        java.net.http.HttpResponse<String> r = new RawMultipart().field("environment_slug", "dev123")
                .file("file", "manifest.json", bytes).field("run_id", run[1]).field("dag_id", run[0])
                .post(server.getPort(), "/api/internal/manifests", tokenHeader(1));
        assertEquals(201, r.statusCode(), r.body());
        ManifestRow linked = manifests.findLinked(dev.id(), run[0], run[1]).orElseThrow();
        assertEquals("accounts/1/environments/dev123/dags/" + StorageKey.sanitise(run[0]) + "/dag_runs/"
                + StorageKey.sanitise(ManifestService.safeRunId(run[1])) + "/manifest.json", linked.storageKey());
        assertArrayEquals(bytes, storage.get(StorageKey.of(linked.storageKey().split("/"))).orElseThrow()
                .content().readAllBytes());
        // the object first written under the unlinked key is gone
        assertEquals(List.of(), storage.list("accounts/1/environments/dev123/manifests/" + linked.slug() + "/"));

        // a DAG run named after the file that does not exist: 404 and the streamed object is removed
        r = new RawMultipart().field("environment_slug", "tst789").file("file", "manifest.json", bytes)
                .field("dag_id", run[0]).field("run_id", "no-such-run")
                .post(server.getPort(), "/api/internal/manifests", tokenHeader(1));
        assertEquals(404, r.statusCode(), r.body());
        assertNothingIn("tst789");
    }

    @Test
    void aFormWithoutItsClosingBoundaryIs400AndLeavesNothing() {
        byte[] whole = new RawMultipart().field("environment_slug", "tst789")
                .file("file", "manifest.json", generated(24, 40)).bytes();
        byte[] unclosed = java.util.Arrays.copyOf(whole, whole.length - ("--" + RawMultipart.BOUNDARY + "--\r\n").length());
        java.net.http.HttpResponse<String> r = RawMultipart.post(server.getPort(), "/api/internal/manifests",
                tokenHeader(1), unclosed);
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().startsWith("{\"errors\":{\"message\":\"the multipart form could not be read"), r.body());
        assertNothingIn("tst789");
    }

    /** The same when the file comes before the fields (validated into a temporary file) and the body ends in it. */
    @Test
    void aBodyEndingInsideAFileBeforeTheFieldsIs400AndLeavesNothing() {
        byte[] whole = new RawMultipart().file("file", "manifest.json", generated(24, 40))
                .field("environment_slug", "tst789").bytes();
        java.net.http.HttpResponse<String> r = RawMultipart.post(server.getPort(), "/api/internal/manifests",
                tokenHeader(1), java.util.Arrays.copyOf(whole, whole.length / 2));
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().startsWith("{\"errors\":{\"message\":\"the multipart form could not be read"), r.body());
        assertNothingIn("tst789");
    }

    @Test
    void anUnknownDagRunOrATakenTagIsRefusedBeforeTheFile() throws Exception {
        String[] run = uniqueRun("prd456");
        // the file part is not even a manifest: the answer comes from the fields, before the file is read
        java.net.http.HttpResponse<String> r = new RawMultipart().field("environment_slug", "prd456")
                .field("dag_id", run[0]).field("run_id", "no-such-run")
                .file("file", "manifest.json", "not json".getBytes(StandardCharsets.UTF_8))
                .post(server.getPort(), "/api/internal/manifests", tokenHeader(1));
        assertEquals(404, r.statusCode(), r.body());
        assertEquals("{\"errors\":{\"message\":\"Not Found\"}}", r.body());
        assertEquals(201, upload("prd456", generated(23, 5), "tag", "taken-early").code());
        r = new RawMultipart().field("environment_slug", "prd456").field("tag", "taken-early")
                .file("file", "manifest.json", "not json".getBytes(StandardCharsets.UTF_8))
                .post(server.getPort(), "/api/internal/manifests", tokenHeader(1));
        assertEquals(422, r.statusCode(), r.body());
        assertEquals("{\"errors\":{\"message\":\"tag has already been taken\"}}", r.body());
        assertEquals(403, new RawMultipart().field("environment_slug", "glx001")
                .file("file", "manifest.json", generated(23, 5))
                .post(server.getPort(), "/api/internal/manifests", tokenHeader(1)).statusCode());
    }

    @Test
    void uploadCutOffHalfWayLeavesNothing() throws Exception {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        new ManifestGenerator(9).write(200, m);
        byte[] manifest = m.toByteArray();
        String boundary = "jadeBoundary123";
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"environment_slug\"\r\n\r\ntst789\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"manifest.json\"\r\n"
                + "Content-Type: application/json\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        long length = head.length() + manifest.length + tail.length();
        try (Socket socket = new Socket("localhost", server.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/internal/manifests HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + keyFor(1)
                    + "\r\nContent-Type: multipart/form-data; boundary=" + boundary + "\r\nContent-Length: " + length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(manifest, 0, manifest.length / 2);
            out.flush();
            Thread.sleep(300);
        }
        Thread.sleep(1000);
        assertNothingIn("tst789");
    }

    @Test
    void generatedManifestsUploadAndTrim() throws Exception {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        new ManifestGenerator(11).writeAbout(2_000_000, m);
        HttpResponse<byte[]> r = upload("prd456", m.toByteArray(), "tag", "generated");
        assertEquals(201, r.code());
        assertTrimmedAndFull("/api/v2/datacoves/manifests?environment_slug=prd456&tag=generated", m.toByteArray());
        Map<String, Object> tree = ManifestStreamingTest.tree(m.toByteArray());
        assertEquals(ManifestStreamingTest.trimmedByHand(m.toByteArray()).keySet(), java.util.Set.of("metadata", "nodes"));
        assertTrue(tree.size() > 2);
    }

    /** Asking for the manifest of a DAG that has none is a 404 Not Found, as in the Elixir Jade. */
    @Test
    void aDagWithoutAManifestIsNotFound() {
        HttpResponse<byte[]> r = call(HttpRequest.GET(
                "/api/v2/datacoves/manifests?environment_slug=tst789&dag_id=no_such_dag"), 1);
        assertEquals(404, r.code());
        assertEquals("{\"errors\":{\"message\":\"Not Found\"}}",
                new String(r.getBody(byte[].class).orElseThrow(), java.nio.charset.StandardCharsets.UTF_8));
    }
}
