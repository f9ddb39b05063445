package com.datacoves.jade.manifests;

import com.datacoves.jade.demo.ManifestGenerator;
import com.datacoves.jade.common.JadeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stream a store reads an upload from, with validation on a second thread: what the store sees for a good file,
 * a bad one (refused before its end, never an end of input) and one it gives up on (the validator thread is freed).
 */
class InspectedStreamTest {

    /** One thread: a validator that did not end would keep the next task from running. */
    private static final ExecutorService ONE = Executors.newSingleThreadExecutor();

    @AfterAll
    static void stop() {
        ONE.shutdownNow();
    }

    /** A generated manifest of about {@code bytes} bytes. */
    static byte[] manifest(int bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ManifestGenerator(5).writeAbout(bytes, out);
        return out.toByteArray();
    }

    /** Reads like a store: large reads until the end; returns the bytes. */
    static byte[] drain(InputStream in) throws IOException {
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        byte[] buffer = new byte[100_000];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            copy.write(buffer, 0, n);
        }
        return copy.toByteArray();
    }

    static void assertValidatorFreed() throws Exception {
        assertTrue(ONE.submit(() -> true).get(10, TimeUnit.SECONDS));
    }

    @Test
    void aManifestPassesUnchangedWithItsFacts() throws Exception {
        byte[] bytes = manifest(5 * InspectedStream.AHEAD_BYTES);
        assertTrue(bytes.length > 4 * InspectedStream.AHEAD_BYTES, "larger than the validator's lag");
        try (InspectedStream in = new InspectedStream(new ByteArrayInputStream(bytes), Long.MAX_VALUE, ONE)) {
            assertArrayEquals(bytes, drain(in));
            ManifestFacts facts = in.facts();
            assertNotNull(facts);
            assertEquals(bytes.length, facts.sizeBytes());
            assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)), facts.sha256());
            assertEquals(ManifestInspector.inspect(new ByteArrayInputStream(bytes), Long.MAX_VALUE), facts);
            assertEquals(-1, in.read(new byte[10]));
        }
        assertValidatorFreed();
    }

    @Test
    void aBadByteIsRefusedBeforeTheEndOfInput() throws Exception {
        byte[] bytes = manifest(5 * InspectedStream.AHEAD_BYTES);
        bytes[bytes.length / 3] = 0x01;   // a control character: invalid JSON wherever it falls
        try (InspectedStream in = new InspectedStream(new ByteArrayInputStream(bytes), Long.MAX_VALUE, ONE)) {
            InspectedStream.Rejected e = assertThrows(InspectedStream.Rejected.class, () -> drain(in));
            assertEquals(422, com.datacoves.jade.http.ErrorResponses.status(in.rejection()).getCode());
            assertTrue(e.getMessage().startsWith("file is not valid JSON"), e.getMessage());
            assertNull(in.facts());
            // and it stays refused: no later read ends the stream normally
            assertThrows(InspectedStream.Rejected.class, () -> in.read(new byte[10]));
        }
        assertValidatorFreed();
    }

    @Test
    void aFileThatIsNotAManifestIsRefusedAtTheEnd() throws Exception {
        byte[] bytes = "{\"metadata\":{},\"nodes\":{}}".getBytes(StandardCharsets.UTF_8);
        try (InspectedStream in = new InspectedStream(new ByteArrayInputStream(bytes), Long.MAX_VALUE, ONE)) {
            assertThrows(InspectedStream.Rejected.class, () -> drain(in));
            assertEquals("file is not a dbt manifest: metadata.dbt_schema_version is missing",
                    in.rejection().getMessage());
        }
        assertValidatorFreed();
    }

    @Test
    void aFileAboveTheLimitIs413() throws Exception {
        byte[] bytes = manifest(100_000);
        try (InspectedStream in = new InspectedStream(new ByteArrayInputStream(bytes), bytes.length - 1, ONE)) {
            assertThrows(InspectedStream.Rejected.class, () -> drain(in));
            JadeException e = in.rejection();
            assertEquals(413, com.datacoves.jade.http.ErrorResponses.status(e).getCode());
        }
        assertValidatorFreed();
    }

    @Test
    void aStoreThatGivesUpFreesTheValidator() throws Exception {
        byte[] bytes = manifest(5 * InspectedStream.AHEAD_BYTES);
        InspectedStream in = new InspectedStream(new ByteArrayInputStream(bytes), Long.MAX_VALUE, ONE);
        assertEquals(1000, in.readNBytes(new byte[1000], 0, 1000));
        in.close();
        assertValidatorFreed();
        assertNull(in.facts());
    }
}
