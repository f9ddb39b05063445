package com.datacoves.jade.manifests;

import com.datacoves.jade.common.JadeException;
import com.datacoves.jade.http.BlockInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * The stream handed to {@link com.datacoves.jade.storage.ObjectStorage#put}: the uploaded part's bytes, counted and
 * digested (SHA-256) in the store's thread as it reads them, and validated by a {@link ManifestInspector} on a
 * thread of its own, fed through a bounded {@link BytePipe} (at most {@link #AHEAD_BYTES}, 2 MiB, ahead of it).
 * Validation is the slowest step of an upload (Jackson tokenises a generated manifest at 180–370 MB/s per core here);
 * on its own thread it overlaps the multipart parsing, digest and write instead of adding to them.
 *
 * <p>Two guarantees make a bad upload invisible whatever the adapter:
 * <ul>
 *   <li>once validation has refused the bytes (or they pass the size limit) the next read throws {@link Rejected}, an
 *       {@link IOException}, so the adapter aborts its temporary file or multipart upload;</li>
 *   <li>end of input ({@code -1}) is returned only after the validator accepted the whole file, so no adapter can
 *       commit an incomplete or invalid manifest.</li>
 * </ul>
 * Adapters wrap stream failures in their own exceptions; {@link #rejection()} tells the caller afterwards that the
 * upload was refused (a failure of the request body itself is the part's to tell). Reads fill the caller's buffer as far as the part allows (the multipart
 * parser hands out a few KiB at a time), so the store writes in large chunks. {@link #close()} (always, by the caller)
 * stops the validator when the store gave up early; it does not close the part.
 */
final class InspectedStream extends BlockInputStream {

    /**
     * Most bytes read but not validated yet (and held on the heap for the validator). The validator is the slower side,
     * so the pipe stays full and its size only absorbs jitter; an upload holds about this plus
     * {@link BytePipe#REFILL_BYTES} (2.25 MiB) here, plus the multipart read-ahead (2 MiB), whatever the file's size.
     */
    static final int AHEAD_BYTES = 2 * 1024 * 1024;

    private final InputStream part;
    private final ManifestDigest digest;
    private final BytePipe pipe = new BytePipe(AHEAD_BYTES);
    private final OutputStream toValidator = pipe.sink();
    private final CompletableFuture<ManifestInspector.Shape> validation = new CompletableFuture<>();
    private ManifestFacts facts;
    private JadeException rejection;
    private boolean ended;

    /** Thrown to the store when the upload is refused; carries the answer for the client. */
    static final class Rejected extends IOException {
        Rejected(JadeException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /**
     * Starts the validator on {@code executor}; it ends when the part does, or at {@link #close()}.
     *
     * @param part     the file part's bytes
     * @param maxBytes largest accepted size in bytes
     * @param executor runs the validator (one task per upload, for as long as the upload)
     */
    InspectedStream(InputStream part, long maxBytes, Executor executor) {
        this.part = part;
        this.digest = new ManifestDigest(maxBytes);
        executor.execute(() -> {
            try (InputStream in = pipe.source()) {
                validation.complete(ManifestInspector.shape(in));
            } catch (Throwable e) {
                validation.completeExceptionally(e);
            }
        });
    }

    /** What inspection found, once the end of the part was read and accepted; else null. */
    ManifestFacts facts() {
        return facts;
    }

    /** Why the upload was refused (422/413), or null. */
    JadeException rejection() {
        return rejection;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (rejection != null) {
            throw new Rejected(rejection);
        }
        if (facts != null) {
            return -1;
        }
        if (validation.isCompletedExceptionally()) {
            throw refused();
        }
        int filled = fill(b, off, len);
        try {
            if (filled == 0) {
                ended = true;
                toValidator.close();
                facts = digest.facts(awaitValidation());
                return -1;
            }
            digest.update(b, off, filled);
            toValidator.write(b, off, filled);
            return filled;
        } catch (JadeException e) {
            rejection = e;
            throw new Rejected(e);
        } catch (IOException e) {
            // the validator stopped reading: it refused the file (its verdict follows at once)
            throw refused();
        }
    }

    /** Reads from the part until {@code len} bytes or its end; 0 at the end. */
    private int fill(byte[] b, int off, int len) throws IOException {
        int filled = 0;
        while (filled < len) {
            int n = part.read(b, off + filled, len - filled);
            if (n < 0) {
                break;
            }
            filled += n;
        }
        return filled;
    }

    /** The validator's verdict on a file it refused (or failed on), as the exception for the store. */
    private IOException refused() {
        try {
            awaitValidation();
            return new IOException("validation ended before the end of the file");
        } catch (JadeException e) {
            rejection = e;
            return new Rejected(e);
        } catch (RuntimeException e) {
            return new IOException("validation failed: " + e, e);
        }
    }

    /** Waits for the validator's result; its 422 as {@link JadeException}, other failures as runtime exceptions. */
    private ManifestInspector.Shape awaitValidation() {
        try {
            return validation.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for validation", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Ends the validator when the store stopped before the end of the part; the part itself stays open. */
    @Override
    public void close() {
        if (!ended) {
            ended = true;
            pipe.cancel();
        }
    }
}
