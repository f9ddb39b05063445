package com.datacoves.jade.manifests;

import com.datacoves.jade.storage.ObjectInfo;
import com.datacoves.jade.storage.StoredObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The trimmed download's stream: whole when the manifest trims, failing (never ending normally) when it cannot. */
class ManifestStreamsTest {

    private static final String HEAD = "{\"metadata\":{\"dbt_schema_version\":"
            + "\"https://schemas.getdbt.com/dbt/manifest/v12.json\"},\"nodes\":{\"model.p.a\":{\"name\":\"a\"}";

    private final ExecutorService io = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        io.shutdownNow();
    }

    private InputStream trimmed(String stored) {
        byte[] bytes = stored.getBytes(StandardCharsets.UTF_8);
        return new ManifestStreams(io).trimmed(new StoredObject(
                new ObjectInfo("manifest.json", bytes.length, "application/json"), new ByteArrayInputStream(bytes)));
    }

    @Test
    void aWholeManifestTrimsToItsMetadataAndNodes() throws IOException {
        try (InputStream body = trimmed(HEAD + "},\"macros\":{\"macro.p.m\":{}}}")) {
            assertEquals(HEAD + "}}", new String(body.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aManifestCutOffMidwayFailsTheBodyInsteadOfEndingIt() throws IOException {
        // the stored bytes end inside the second node: trimming starts, then fails
        try (InputStream body = trimmed(HEAD + ",\"model.p.b\":{\"na")) {
            assertThrows(IOException.class, body::readAllBytes);
        }
    }
}
