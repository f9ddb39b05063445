package com.datacoves.jade.manifests;

import com.datacoves.jade.storage.StoredObject;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.ExecutorService;

/**
 * The trimmed form of a stored manifest as a response body, produced on the fly by {@link ManifestTrimmer} on an I/O
 * thread writing into a bounded {@link BytePipe} that the server reads (at most 1 MiB in flight). (The
 * full manifest is the stored object unchanged: {@link com.datacoves.jade.http.ObjectResponses}.)
 * A failure after the answer has started truncates the body (the status is already 200) and is logged.
 */
@Singleton
public class ManifestStreams {

    private static final Logger LOG = LoggerFactory.getLogger(ManifestStreams.class);
    private static final int CHUNK_BYTES = 64 * 1024;
    private static final int PIPE_BYTES = 1024 * 1024;

    private final ExecutorService io;

    public ManifestStreams(@Named(TaskExecutors.IO) ExecutorService io) {
        this.io = io;
    }

    /** {@code {"metadata":…,"nodes":…}} of the stored manifest, as a stream that the caller sends and closes. */
    public InputStream trimmed(StoredObject object) {
        BytePipe pipe = new BytePipe(PIPE_BYTES);
        io.execute(() -> {
            OutputStream out = new BufferedOutputStream(pipe.sink(), CHUNK_BYTES);
            try (object) {
                ManifestTrimmer.trim(object.content(), out);
                out.close();   // only a whole trimmed manifest ends the stream normally
            } catch (IOException | RuntimeException e) {
                LOG.warn("trimming manifest {} failed: {}", object.info().key(), e.toString());
                pipe.cancel();   // the reader's next read fails: the body ends cut off, not as if complete
            }
        });
        return pipe.source();
    }
}
