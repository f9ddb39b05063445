package com.datacoves.jade.hardening;

import com.datacoves.jade.files.FileRepository;
import com.datacoves.jade.http.UploadForms;
import com.datacoves.jade.support.JadeTest;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.client.multipart.MultipartBody;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Uploads read at once are bounded ({@code jade.uploads.max-concurrent}, 1 here; docs/hardening.md "Uploads"): while
 * one upload is in progress another is answered 503 with {@code Retry-After} at once, on both upload routes, and
 * stores nothing; once the first ends, uploads are accepted again.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UploadConcurrencyTest extends JadeTest {

    @Inject
    EmbeddedServer server;
    @Inject
    UploadForms forms;
    @Inject
    FileRepository files;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("jade.uploads.max-concurrent", "1");
    }

    private HttpResponse<String> upload(String uri, MultipartBody body) {
        return http.toBlocking().exchange(HttpRequest.POST(uri, body)
                .contentType(MediaType.MULTIPART_FORM_DATA_TYPE).header("Authorization", tokenHeader(1)), String.class);
    }

    private static MultipartBody file(String tag) {
        return MultipartBody.builder().addPart("tag", tag)
                .addPart("file", "a.json", MediaType.APPLICATION_JSON_TYPE, "{}".getBytes()).build();
    }

    @Test
    void aSecondUploadWhileOneIsReadIsRefusedWith503AndRetryAfter() throws Exception {
        String boundary = "slow";
        try (Socket socket = new Socket("127.0.0.1", server.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/internal/environments/dev123/files HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: " + tokenHeader(1) + "\r\n"
                    + "Content-Type: multipart/form-data; boundary=" + boundary + "\r\n"
                    + "Content-Length: 100000\r\n\r\n--" + boundary
                    + "\r\nContent-Disposition: form-data; name=\"tag\"\r\n\r\nslow\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            awaitTrue(() -> forms.inProgress() == 1, "the slow upload is being read");

            for (String uri : List.of("/api/internal/environments/dev123/files", "/api/v2/datacoves/manifests")) {
                MultipartBody body = uri.endsWith("files") ? file("second")
                        : MultipartBody.builder().addPart("environment_slug", "dev123")
                        .addPart("file", "manifest.json", MediaType.APPLICATION_JSON_TYPE, "{}".getBytes()).build();
                HttpClientResponseException e = assertThrows(HttpClientResponseException.class,
                        () -> upload(uri, body));
                assertEquals(503, e.getStatus().getCode(), uri);
                assertEquals("5", e.getResponse().getHeaders().get("Retry-After"), uri);
                String message = e.getResponse().getBody(String.class).orElseThrow();
                assertTrue(message.contains("Too many uploads in progress on this server (at most 1 at once)"),
                        message);
            }
        }
        // the slow client went away: its slot is freed and its half-sent upload left nothing
        awaitTrue(() -> forms.inProgress() == 0, "the slot is freed when the client goes away");
        assertEquals(201, upload("/api/internal/environments/dev123/files", file("third")).code());
        assertEquals(List.of("third"), files.findAllInEnvironment("dev123").stream().map(f -> f.tag())
                .filter(t -> List.of("slow", "second", "third").contains(t)).toList());
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(20);
        }
    }
}
