package com.datacoves.jade.manifests;

import com.datacoves.jade.demo.ManifestGenerator;
import com.datacoves.jade.support.JadeTest;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.multipart.MultipartBody;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A generated manifest of about 40 MB goes up and comes back (full and trimmed) through streaming paths. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LargeManifestTest extends JadeTest {

    @Inject
    EmbeddedServer server;
    @Inject
    ManifestRepository manifests;

    static String sha256(InputStream in) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (DigestInputStream d = new DigestInputStream(in, sha)) {
            d.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    @Test
    void fortyMegabytesRoundTrip() throws Exception {
        Path file = Files.createTempFile("jade-large-manifest", ".json");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
                new ManifestGenerator(77).writeAbout(40_000_000, out);
            }
            String expected;
            try (InputStream in = Files.newInputStream(file)) {
                expected = sha256(in);
            }
            MultipartBody body = MultipartBody.builder().addPart("environment_slug", "dev123").addPart("tag", "large")
                    .addPart("file", file.toFile()).build();
            assertEquals(201, http.toBlocking().exchange(HttpRequest.POST("/api/internal/manifests", body)
                    .contentType(MediaType.MULTIPART_FORM_DATA_TYPE).header("Authorization", tokenHeader(1))).code());
            ManifestRow row = manifests.findByTag("dev123", "large").orElseThrow();
            assertEquals(Files.size(file), row.sizeBytes());
            assertEquals(expected, row.sha256());

            HttpClient client = HttpClient.newHttpClient();
            String base = "http://localhost:" + server.getPort() + "/api/v2/datacoves/manifests?environment_slug=dev123&tag=large";
            HttpResponse<InputStream> full = client.send(java.net.http.HttpRequest.newBuilder(URI.create(base + "&trimmed=false"))
                    .header("Authorization", tokenHeader(1)).build(), HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, full.statusCode());
            assertEquals(String.valueOf(Files.size(file)), full.headers().firstValue("Content-Length").orElseThrow());
            assertEquals(expected, sha256(full.body()));

            HttpResponse<InputStream> trimmed = client.send(java.net.http.HttpRequest.newBuilder(URI.create(base))
                    .header("Authorization", tokenHeader(1)).build(), HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, trimmed.statusCode());
            java.io.ByteArrayOutputStream expectedTrim = new java.io.ByteArrayOutputStream();
            try (InputStream in = Files.newInputStream(file)) {
                ManifestTrimmer.trim(in, expectedTrim);
            }
            assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(expectedTrim.toByteArray())),
                    sha256(trimmed.body()));
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
