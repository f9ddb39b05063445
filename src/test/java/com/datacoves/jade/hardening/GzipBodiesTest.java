package com.datacoves.jade.hardening;

import com.datacoves.jade.files.FileRepository;
import com.datacoves.jade.support.JadeTest;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Request bodies sent with {@code Content-Encoding: gzip} on authenticated routes: a small one is inflated and served
 * as usual; one that inflates past {@code micronaut.server.max-request-buffer-size} (10 MiB; a few KB compressed) is
 * a 413 JSON error that names no setting, on a JSON route and on an upload route, and the upload stores nothing
 * (docs/hardening.md, "Compressed bodies").
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GzipBodiesTest extends JadeTest {

    private static final int INFLATED = 11 * 1024 * 1024;

    @Inject
    EmbeddedServer server;
    @Inject
    FileRepository files;

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void aSmallGzipUploadIsStored() throws Exception {
        HttpResponse<String> r = upload("gz-small", "{\"results\": []}".getBytes(StandardCharsets.UTF_8));
        assertEquals(201, r.statusCode(), r.body());
        assertEquals(1, files.findAllInEnvironment("dev123").stream().filter(f -> f.tag().equals("gz-small")).count());
    }

    @Test
    void anUploadInflatingPastTheBufferIs413AndStoresNothing() throws Exception {
        HttpResponse<String> r = upload("gz-bomb", new byte[INFLATED]);
        assertEquals(413, r.statusCode(), r.body());
        assertTrue(r.body().contains("Request Entity Too Large") && !r.body().contains("micronaut"), r.body());
        assertEquals(List.of(), files.findAllInEnvironment("dev123").stream()
                .filter(f -> f.tag().equals("gz-bomb")).toList());
    }

    @Test
    void aJsonBodyInflatingPastTheBufferIs413() throws Exception {
        byte[] json = ("{\"cause\": \"" + " ".repeat(INFLATED) + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = send("/api/v2/accounts/1/jobs/1/run/", "application/json", gzip(json));
        assertEquals(413, r.statusCode(), r.body());
        assertTrue(r.body().startsWith("{") && !r.body().contains("micronaut"), r.body());
    }

    private HttpResponse<String> upload(String tag, byte[] content) throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--gz\r\nContent-Disposition: form-data; name=\"tag\"\r\n\r\n" + tag + "\r\n--gz\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"a.json\"\r\n"
                + "Content-Type: application/json\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(content);
        body.write("\r\n--gz--\r\n".getBytes(StandardCharsets.UTF_8));
        return send("/api/v2/datacoves/environments/dev123/files", "multipart/form-data; boundary=gz",
                gzip(body.toByteArray()));
    }

    private HttpResponse<String> send(String path, String contentType, byte[] gzipped) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path))
                .header("Authorization", tokenHeader(1)).header("Content-Type", contentType)
                .header("Content-Encoding", "gzip").POST(HttpRequest.BodyPublishers.ofByteArray(gzipped)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] gzip(byte[] bytes) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(bytes);
        }
        return out.toByteArray();
    }
}
