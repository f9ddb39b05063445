package com.datacoves.jade.manifests;

import com.datacoves.jade.demo.ManifestGenerator;
import com.datacoves.jade.storage.ObjectStorage;
import com.datacoves.jade.support.JadeTest;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.gaul.s3proxy.junit.S3ProxyJunitCore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Manifests on the S3 adapter (S3Proxy, a real S3 server in this JVM): a manifest larger than one upload part (8 MiB)
 * streams from the request into a multipart upload and comes back whole and trimmed; one that turns out invalid only
 * at its very end, after parts were uploaded, is aborted — no object, no row.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManifestOnS3Test extends JadeTest {

    private S3ProxyJunitCore s3;

    @Inject
    EmbeddedServer server;
    @Inject
    ObjectStorage storage;
    @Inject
    ManifestRepository manifests;

    @Override
    protected Map<String, String> extraProperties() {
        try {
            s3 = new S3ProxyJunitCore.Builder().withBlobStoreProvider("filesystem")
                    .withCredentials("jade-access", "jade-secret-key").build();
            s3.beforeEach();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return Map.of("jade.storage.adapter", "s3", "jade.storage.s3.bucket", "jade-manifests",
                "jade.storage.s3.region", "us-east-1", "jade.storage.s3.access-key", "jade-access",
                "jade.storage.s3.secret-key", "jade-secret-key",
                "jade.storage.s3.endpoint", s3.getUri().toString(), "jade.storage.create-bucket", "true");
    }

    @AfterAll
    void stopS3() {
        s3.afterEach();
    }

    static byte[] manifestOfAbout(int bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new ManifestGenerator(31).writeAbout(bytes, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    HttpResponse<byte[]> get(String query) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.getPort()
                        + "/api/internal/manifests?environment_slug=prd456&" + query))
                .header("Authorization", tokenHeader(1)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void aManifestLargerThanAPartGoesUpAndComesBack() throws Exception {
        byte[] manifest = manifestOfAbout(12_000_000);
        HttpResponse<String> up = new RawMultipart().field("environment_slug", "prd456").field("tag", "big-on-s3")
                .file("file", "manifest.json", manifest)
                .post(server.getPort(), "/api/internal/manifests", tokenHeader(1));
        assertEquals(201, up.statusCode(), up.body());
        ManifestRow row = manifests.findByTag("prd456", "big-on-s3").orElseThrow();
        assertEquals(manifest.length, row.sizeBytes());
        assertEquals(manifest.length, storage.stat(com.datacoves.jade.storage.StorageKey.of(
                row.storageKey().split("/"))).orElseThrow().sizeBytes());

        HttpResponse<byte[]> full = get("tag=big-on-s3&trimmed=false");
        assertEquals(200, full.statusCode());
        assertEquals("application/json", full.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(String.valueOf(manifest.length), full.headers().firstValue("Content-Length").orElseThrow());
        assertArrayEquals(manifest, full.body());

        HttpResponse<byte[]> trimmed = get("tag=big-on-s3");
        assertEquals(200, trimmed.statusCode());
        assertEquals(ManifestStreamingTest.trimmedByHand(manifest), ManifestStreamingTest.tree(trimmed.body()));
    }

    @Test
    void aManifestFoundInvalidAtItsEndLeavesNoObject() {
        byte[] manifest = manifestOfAbout(12_000_000);
        byte[] cut = Arrays.copyOf(manifest, manifest.length - 1); // the closing brace is missing
        HttpResponse<String> up = new RawMultipart().field("environment_slug", "tst789")
                .file("file", "manifest.json", cut).post(server.getPort(), "/api/internal/manifests", tokenHeader(1));
        assertEquals(422, up.statusCode(), up.body());
        assertTrue(up.body().startsWith("{\"errors\":{\"message\":\"file is not valid JSON"), up.body());
        assertEquals(List.of(), storage.list("accounts/1/environments/tst789/"));
        assertEquals(List.of(), manifests.findAllInEnvironment(3));
    }
}
