package com.datacoves.jade.manifests;

import com.datacoves.jade.storage.LocalFolderStorage;
import com.datacoves.jade.storage.ObjectStorage;
import com.datacoves.jade.support.JadeTest;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Uploads above the limits are refused with Jade's error shape and leave nothing: above {@code jade.max-upload-bytes}
 * (the manifest, checked while it streams, whatever the order of the parts) and above
 * {@code micronaut.server.max-request-size} (the whole request, refused by the server before the route runs).
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManifestLimitTest extends JadeTest {

    @Inject
    ObjectStorage storage;
    @Inject
    ManifestRepository manifests;
    @Inject
    EmbeddedServer server;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("jade.max-upload-bytes", "20000", "micronaut.server.max-request-size", "1000000");
    }

    @AfterEach
    void nothingLeft() {
        assertEquals(List.of(), manifests.findAllInEnvironment(1));
        assertEquals(List.of(), storage.list("accounts/"));
        assertEquals(List.of(), RawMultipart.temporaryFiles(((LocalFolderStorage) storage).root()));
    }

    void assertTooLarge(HttpResponse<String> r, String message) {
        assertEquals(413, r.statusCode(), r.body());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("{\"errors\":{\"message\":\"" + message + "\"}}", r.body());
    }

    @Test
    void aManifestAboveTheLimitIs413() {
        byte[] manifest = ManifestRoutesTest.generated(3, 50);
        assertTrue(manifest.length > 20000 && manifest.length < 1000000, "size " + manifest.length);
        assertTooLarge(new RawMultipart().field("environment_slug", "dev123").file("file", "manifest.json", manifest)
                .post(server.getPort(), "/api/v2/datacoves/manifests", tokenHeader(1)),
                "file is larger than the limit of 20000 bytes");
        // file first: refused while it is being spooled
        assertTooLarge(new RawMultipart().file("file", "manifest.json", manifest).field("environment_slug", "dev123")
                .post(server.getPort(), "/api/internal/manifests", tokenHeader(1)),
                "file is larger than the limit of 20000 bytes");
    }

    @Test
    void aRequestAboveTheServersLimitIs413() {
        byte[] manifest = ManifestRoutesTest.generated(4, 600);
        assertTrue(manifest.length > 1000000, "size " + manifest.length);
        assertTooLarge(new RawMultipart().field("environment_slug", "dev123").file("file", "manifest.json", manifest)
                .post(server.getPort(), "/api/internal/manifests", tokenHeader(1)), "Request Entity Too Large");
    }
}
