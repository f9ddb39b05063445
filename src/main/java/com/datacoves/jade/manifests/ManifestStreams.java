package com.datacoves.jade.manifests;

import com.datacoves.jade.storage.StoredObject;
import io.micronaut.http.MediaType;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ExecutorService;

/**
 * Response bodies for stored manifests, streamed: the full object as it is stored, or the trimmed form produced on
 * the fly by {@link ManifestTrimmer} on an I/O thread writing into a bounded {@link ChunkPipe} that the server reads
 * (at most 16 chunks of 64 KiB in flight).
 * A failure after the answer has started truncates the body (the status is already 200) and is logged.
 */
@Singleton
public class ManifestStreams {

    private static final Logger LOG = LoggerFactory.getLogger(ManifestStreams.class);
    private static final int CHUNK_BYTES = 64 * 1024;
    private static final int PIPE_CHUNKS = 16;

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
        ChunkPipe pipe = new ChunkPipe(PIPE_CHUNKS);
        io.execute(() -> {
            try (object; OutputStream out = new BufferedOutputStream(pipe.sink(), CHUNK_BYTES)) {
                ManifestTrimmer.trim(object.content(), out);
            } catch (IOException | RuntimeException e) {
                LOG.warn("trimming manifest {} failed: {}", object.info().key(), e.toString());
                pipe.fail(e instanceof IOException io ? io : new IOException(e));
            }
        });
        return new StreamedFile(pipe.source(), MediaType.APPLICATION_JSON_TYPE);
    }
}
