package com.datacoves.jade.manifests;

import com.datacoves.jade.common.JadeException;
import com.datacoves.jade.common.PayloadTooLargeException;
import io.micronaut.http.HttpStatus;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Size and SHA-256 of an uploaded file as its bytes go by, refusing it once it grows past the upload limit. Kept apart
 * from JSON validation ({@link ManifestInspector}) so that the two can run on different threads
 * ({@link InspectedStream}). An instance measures one file and is not thread-safe.
 */
final class ManifestDigest {

    private final long maxBytes;
    private final MessageDigest sha;
    private long count;

    /**
     * @param maxBytes largest accepted size in bytes ({@code jade.max-upload-bytes})
     */
    ManifestDigest(long maxBytes) {
        this.maxBytes = maxBytes;
        try {
            this.sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /**
     * Adds the next {@code len} bytes.
     *
     * @throws JadeException 413 when the file grows beyond the limit
     */
    void update(byte[] bytes, int offset, int len) {
        if (len <= 0) {
            return;
        }
        count += len;
        if (count > maxBytes) {
            throw new PayloadTooLargeException("file is larger than the limit of " + maxBytes + " bytes");
        }
        sha.update(bytes, offset, len);
    }

    /** Bytes seen so far. */
    long count() {
        return count;
    }

    /** The facts of the whole file: what validation found plus its size and SHA-256 (lower-case hex). */
    ManifestFacts facts(ManifestInspector.Shape shape) {
        return new ManifestFacts(shape.schemaUrl(), shape.schemaVersion(), shape.dbtVersion(), shape.projectName(),
                shape.nodes(), shape.sources(), count, HexFormat.of().formatHex(sha.digest()));
    }
}
