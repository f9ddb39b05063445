package com.datacoves.jade.manifests;

import com.datacoves.jade.storage.StoredObject;
import io.micronaut.http.MediaType;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.concurrent.ExecutorService;

/**
 * Response bodies for stored manifests, streamed: the full object as it is stored, or the trimmed form produced on
 * the fly by {@link ManifestTrimmer} on an I/O thread writing into a pipe that the server reads (64 KiB buffer).
 * A failure after the answer has started truncates the body (the status is already 200) and is logged.
 */
@Singleton
public class ManifestStreams {

    private static final Logger LOG = LoggerFactory.getLogger(ManifestStreams.class);
    private static final int PIPE_BYTES = 64 * 1024;

    private final ExecutorService io;

    public ManifestStreams(@Named(TaskExecutors.IO) ExecutorService io) {
        this.io = io;
    }

    /** The stored bytes unchanged, {@code application/json} with {@code Content-Length}. */
    public StreamedFile full(StoredObject object) {
        return new StreamedFile(object.content(), MediaType.APPLICATION_JSON_TYPE, System.currentTimeMillis(),
                object.info().sizeBytes());
    }

    /** {@code {"metadata":…,"nodes":…}} of the stored manifest, chunked. */
    public StreamedFile trimmed(StoredObject object) {
        PipedInputStream in = new PipedInputStream(PIPE_BYTES);
        PipedOutputStream out;
        try {
            out = new PipedOutputStream(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        io.execute(() -> {
            try (object; out) {
                ManifestTrimmer.trim(object.content(), out);
            } catch (IOException | RuntimeException e) {
                LOG.warn("trimming manifest {} failed: {}", object.info().key(), e.toString());
            }
        });
        return new StreamedFile(in, MediaType.APPLICATION_JSON_TYPE);
    }
}
