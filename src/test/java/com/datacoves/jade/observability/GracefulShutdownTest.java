package com.datacoves.jade.observability;

import com.datacoves.jade.demo.ManifestGenerator;
import com.datacoves.jade.support.JadeServerProcess;
import com.datacoves.jade.support.TestDatabases;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGTERM to a separate {@code jade serve} JVM during a slow multipart manifest upload: either the upload finishes
 * within the grace period (201, one row in {@code manifests}, its object whole in storage), or it fails and leaves
 * nothing (no row, no object). Also checks JSON logs ({@code JADE_LOG_FORMAT=json}) with the request id, and that
 * no secret appears in them.
 */
class GracefulShutdownTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final String internalToken = "internal-" + UUID.randomUUID();

    private record Setup(String prefix, Path storage, Map<String, String> env) {
    }

    private Setup setup() throws IOException {
        Map<String, Object> props = TestDatabases.fresh();
        String prefix = (String) props.get("jade.test.database-prefix");
        Path storage = Files.createTempDirectory("jade-shutdown");
        Map<String, String> env = new HashMap<>();
        env.put("DB_URL", TestDatabases.postgresUrl(prefix + "jade"));
        env.put("DATACOVES_DB_URL", TestDatabases.postgresUrl(prefix + "datacoves"));
        env.put("STORAGE_ADAPTER", "local");
        env.put("LOCAL_STORAGE_PATH", storage.toString());
        env.put("INTERNAL_BEARER_TOKEN", internalToken);
        env.put("JADE_LOG_FORMAT", "json");
        env.put("JADE_LOG_LEVEL", "INFO");
        return new Setup(prefix, storage, env);
    }

    private String mintKey(HttpClient client, JadeServerProcess server) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(server.uri("/api/internal/tokens"))
                .header("Authorization", "Bearer " + internalToken).header("Content-Type", "application/json")
                .header("X-Request-Id", "shutdown-test-1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"token\":{\"account_id\":1,\"name\":\"shutdown\"}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        assertEquals("shutdown-test-1", r.headers().firstValue("X-Request-Id").orElse(null));
        return JSON.readTree(r.body()).at("/data/token").asText();
    }

    private static byte[] manifest() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ManifestGenerator(7).writeAbout(150_000, out);
        return out.toByteArray();
    }

    /** Uploads slowly, sends SIGTERM once the body is flowing, returns the upload's status (or -1 when it broke). */
    private int uploadAndTerminate(JadeServerProcess server, String key, SlowBody body) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        CompletableFuture<HttpResponse<String>> upload = client.sendAsync(
                HttpRequest.newBuilder(server.uri("/api/v2/datacoves/manifests"))
                        .header("Authorization", "Token " + key)
                        .header("Content-Type", "multipart/form-data; boundary=" + SlowBody.BOUNDARY)
                        .POST(body.publisher()).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(body.started.await(30, TimeUnit.SECONDS), "upload started");
        Thread.sleep(1000);
        server.terminate();
        int exit = server.awaitExit(90);
        assertTrue(exit == 0 || exit == 143, "exit status " + exit);
        try {
            return upload.get(30, TimeUnit.SECONDS).statusCode();
        } catch (ExecutionException broken) {
            return -1;
        }
    }

    private static long rows(String prefix) throws Exception {
        try (Connection c = TestDatabases.server().connect(prefix + "jade"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM manifests")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<Path> storedManifests(Path storage) throws IOException {
        try (Stream<Path> files = Files.walk(storage)) {
            return files.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().equals("manifest.json"))
                    .toList();
        }
    }

    @Test
    void anUploadInFlightFinishesWithinTheGracePeriod() throws Exception {
        Setup setup = setup();
        byte[] manifest = manifest();
        SlowBody body = new SlowBody(manifest, "dev123", 8192, 150); // about 3 s
        String key;
        int status;
        String errors;
        // the test classpath holds logback-test.xml, which would win over the program's logback.xml
        String logback = "-Dlogback.configurationFile=" + Path.of(System.getProperty("jade.project.dir", "."))
                .resolve("src/main/resources/logback.xml").toAbsolutePath();
        try (JadeServerProcess server = JadeServerProcess.start(setup.env(), List.of(logback))) {
            key = mintKey(HttpClient.newHttpClient(), server);
            status = uploadAndTerminate(server, key, body);
            errors = server.errors();
        }
        assertEquals(201, status, "the upload in flight at SIGTERM completes\n" + errors);
        assertEquals(1, rows(setup.prefix()));
        List<Path> objects = storedManifests(setup.storage());
        assertEquals(1, objects.size(), objects.toString());
        assertEquals(manifest.length, Files.size(objects.get(0)));
        checkJsonLogs(errors, key);
    }

    @Test
    void anUploadCutByTheEndOfTheGracePeriodLeavesNothing() throws Exception {
        Setup setup = setup();
        SlowBody body = new SlowBody(manifest(), "dev123", 2048, 200); // about 15 s, longer than the 2 s grace
        int status;
        try (JadeServerProcess server = JadeServerProcess.start(setup.env(),
                List.of("-Dmicronaut.lifecycle.graceful-shutdown.grace-period=2s"))) {
            String key = mintKey(HttpClient.newHttpClient(), server);
            status = uploadAndTerminate(server, key, body);
        }
        assertTrue(status != 201, "status " + status);
        assertEquals(0, rows(setup.prefix()), "no partial row");
        assertEquals(List.of(), storedManifests(setup.storage()), "no partial object");
    }

    @Test
    void anIdleServerWithAKeepAliveConnectionStopsPromptly() throws Exception {
        Setup setup = setup();
        try (JadeServerProcess server = JadeServerProcess.start(setup.env(), List.of())) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            assertEquals(200, client.send(HttpRequest.newBuilder(server.uri("/api/v2/healthcheck")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()); // the connection stays open (keep-alive)
            long start = System.nanoTime();
            server.terminate();
            server.awaitExit(90);
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            System.out.println("idle jade serve stopped " + seconds + " s after SIGTERM");
            assertTrue(seconds < 10, "stopped after " + seconds + " s");
        }
    }

    private void checkJsonLogs(String errors, String key) throws IOException {
        List<String> lines = errors.lines().filter(l -> !l.isBlank()).toList();
        assertFalse(lines.isEmpty());
        boolean sawRequestId = false;
        for (String line : lines) {
            assertTrue(line.startsWith("{"), "not a JSON log line: " + line);
            JsonNode event = JSON.readTree(line);
            assertTrue(event.has("level") && event.has("loggerName"), line);
            if (event.path("loggerName").asText().endsWith("TokenService")) {
                sawRequestId |= event.at("/mdc/request_id").asText().equals("shutdown-test-1");
            }
        }
        assertTrue(sawRequestId, "TokenService's line carries the request id:\n" + errors);
        assertFalse(errors.contains(internalToken), "INTERNAL_BEARER_TOKEN in the logs");
        assertFalse(errors.contains(key.substring(5)), "an API key in the logs");
    }
}
