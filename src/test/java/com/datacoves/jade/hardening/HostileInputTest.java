package com.datacoves.jade.hardening;

import com.datacoves.jade.support.JadeTest;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile input through real HTTP: every string a client controls (path segments, query values, multipart fields and
 * file names) with NUL bytes, 10 KB values, invalid UTF-8, path traversal and out-of-range dates. None may answer
 * 5xx; each answers a JSON error or a normal answer.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest extends JadeTest {

    /** Values that broke something once or are neighbours of those (already percent-encoded). */
    static final List<String> VALUES = List.of("%00", "a%00b", "a".repeat(10_000), "%FF%FE%FD", "..%2F..%2Fetc%2Fpasswd",
            "%2E%2E", "%22%7B%7D", "+999999999-01-01T00:00:00Z", "-1", "99999999999999999999999");

    /** Request templates; {} is replaced by each value. */
    static final List<String> GETS = List.of(
            "/api/v2/datacoves/environments/{}/files?tag=x",
            "/api/v2/datacoves/environments/dev123/files?tag={}",
            "/api/v2/datacoves/environments/dev123/files?filename={}",
            "/api/v2/datacoves/environments/dev123/files?slug={}",
            "/api/v2/datacoves/environments/dev123/files/raw?filename={}",
            "/api/internal/environments/dev123/files?tag={}",
            "/api/v2/datacoves/manifests?environment_slug={}",
            "/api/v2/datacoves/manifests?environment_slug=dev123&dag_id={}",
            "/api/v2/datacoves/manifests?environment_slug=dev123&tag={}",
            "/api/v2/datacoves/manifests?environment_slug=dev123&trimmed={}",
            "/api/v2/datacoves/projects/{}/latest-manifest",
            "/api/v2/accounts/{}/runs/",
            "/api/v2/accounts/1/jobs/?name__icontains={}",
            "/api/v2/accounts/1/jobs/?state={}",
            "/api/v2/accounts/1/jobs/{}/",
            "/api/v2/accounts/1/environments/?name__icontains={}",
            "/api/v2/accounts/1/environments/?name={}",
            "/api/v2/accounts/1/projects/?name__icontains={}",
            "/api/v2/accounts/1/runs/?status={}",
            "/api/v2/accounts/1/runs/?order_by={}",
            "/api/v2/accounts/1/runs/?limit={}",
            "/api/v2/accounts/1/runs/?include_related={}",
            "/api/v2/accounts/1/runs/?created_at__range=[%22{}%22,%222026-01-01T00:00:00Z%22]",
            "/api/v2/accounts/1/runs/?finished_at__range=[%222020-01-01T00:00:00Z%22,%22{}%22]",
            "/api/v2/accounts/1/runs/{}/",
            "/api/v2/accounts/1/runs/1/artifacts/{}",
            "/api/v2/accounts/1/jobs/1/artifacts/{}",
            "/api/v3/accounts/1/projects/{}/environments/");

    @Inject
    EmbeddedServer server;

    final HttpClient client = HttpClient.newHttpClient();

    HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return client.send(b.header("Authorization", tokenHeader(1)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.getPort() + pathAndQuery);
    }

    @Test
    void noStringInAPathOrQueryGetsA5xx() throws Exception {
        List<String> failures = new ArrayList<>();
        for (String template : GETS) {
            for (String value : VALUES) {
                String target = template.replace("{}", value);
                HttpResponse<String> r = send(HttpRequest.newBuilder(uri(target)).GET());
                boolean raw = r.statusCode() == 200 && target.contains("/raw?"); // file bytes, not JSON
                if (r.statusCode() >= 500 || !raw && !r.headers().firstValue("Content-Type").orElse("").contains("json")) {
                    failures.add(r.statusCode() + " " + abbreviate(target) + " → " + abbreviate(r.body()));
                }
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void noMultipartFieldGetsA5xx() throws Exception {
        List<String> failures = new ArrayList<>();
        String[][] parts = {
                {"tag", "a\u0000b", "notes.txt", "text/plain"},
                {"tag", "t".repeat(300), "notes.txt", "text/plain"},
                {"tag", "ok", "no\u0000tes.txt", "text/plain"},
                {"tag", "ok", "n".repeat(1000) + ".txt", "text/plain"},
                {"tag", "ok", "../../etc/passwd", "text/plain"},
                {"tag", "ok", "notes.txt", "text/" + "p".repeat(300)},
        };
        for (String[] p : parts) {
            String boundary = "----jade-hostile";
            String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + p[0] + "\"\r\n\r\n" + p[1]
                    + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + p[2]
                    + "\"\r\nContent-Type: " + p[3] + "\r\n\r\nhello\r\n--" + boundary + "--\r\n";
            for (String path : List.of("/api/v2/datacoves/environments/dev123/files",
                    "/api/v2/datacoves/manifests?environment_slug=dev123")) {
                HttpResponse<String> r = send(HttpRequest.newBuilder(uri(path))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
                if (r.statusCode() >= 500) {
                    failures.add(r.statusCode() + " " + path + " " + abbreviate(String.join("|", p)) + " → "
                            + abbreviate(r.body()));
                }
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void theTokenAdminRouteChecksItsBearerBeforeItReadsTheBody() throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri("/api/internal/tokens"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{not json")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, r.statusCode(), r.body());
    }

    @Test
    void linksFollowTheHostHeaderAndNeverAnotherCallersForwardedHost() throws Exception {
        String list = "/api/v2/accounts/1/runs/?limit=1&order_by=-id";
        HttpResponse<String> spoofed = send(HttpRequest.newBuilder(uri(list)).header("X-Forwarded-Host", "evil.example")
                .header("X-Forwarded-Proto", "https").GET());
        assertEquals(200, spoofed.statusCode());
        String port = String.valueOf(server.getPort());
        assertTrue(spoofed.body().contains("\"href\":\"http://127.0.0.1:" + port + "/api/v2/accounts/1/runs/"),
                spoofed.body());
        assertFalse(spoofed.body().contains("evil.example"));
        // same path and query under another Host header, within the list cache's TTL: its own links
        HttpResponse<String> other = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + list)).GET());
        assertTrue(other.body().contains("\"href\":\"http://localhost:" + port + "/"), other.body());
    }

    static String abbreviate(String s) {
        return s.length() > 160 ? s.substring(0, 160) + "…" : s;
    }
}
